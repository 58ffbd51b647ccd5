CREATE SCHEMA hr;
CREATE TABLE hr.people (id int PRIMARY KEY, name text NOT NULL, salary numeric(10,2), email text, notes text);
GRANT SELECT (id, name) ON hr.people TO pg_monitor;
GRANT SELECT (id, name, email), UPDATE (email) ON hr.people TO pg_read_all_stats;
