CREATE TABLE docs (id int PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT USING (public OR owner = current_user);
CREATE POLICY docs_write ON docs AS RESTRICTIVE FOR INSERT TO pg_monitor WITH CHECK (owner = current_user);
CREATE POLICY docs_all ON docs TO PUBLIC USING (owner = current_user) WITH CHECK (owner = current_user);
