CREATE TABLE reports (id int PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text, public boolean NOT NULL DEFAULT false);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY reports_own ON reports USING (owner = current_user);
CREATE POLICY reports_monitor ON reports FOR SELECT TO pg_monitor USING (true);
