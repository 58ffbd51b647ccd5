CREATE TABLE reports (id int PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text, public boolean NOT NULL DEFAULT false);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE reports FORCE ROW LEVEL SECURITY;
CREATE POLICY reports_own ON reports FOR ALL TO pg_read_all_data, pg_write_all_data USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY reports_monitor ON reports AS RESTRICTIVE FOR SELECT TO pg_monitor USING (public);
CREATE POLICY reports_insert ON reports FOR INSERT TO PUBLIC WITH CHECK (NOT public);
