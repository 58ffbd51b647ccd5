CREATE SCHEMA hr;
CREATE TABLE hr.people (id int PRIMARY KEY, name text NOT NULL, salary numeric(12,2), email text, "Phone No" text);
GRANT SELECT (id, name, email) ON hr.people TO pg_monitor WITH GRANT OPTION;
GRANT SELECT (id), UPDATE (email, "Phone No"), REFERENCES (id) ON hr.people TO pg_read_all_stats;
GRANT INSERT (name, salary) ON hr.people TO PUBLIC;
GRANT SELECT ON hr.people TO pg_read_all_settings;
