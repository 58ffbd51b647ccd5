CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE TABLE people (id int PRIMARY KEY, email citext NOT NULL UNIQUE, name text NOT NULL);
CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);
