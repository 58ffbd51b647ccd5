CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION hstore;
CREATE EXTENSION "uuid-ossp";
CREATE TABLE people (id int PRIMARY KEY, email citext NOT NULL UNIQUE, name text NOT NULL, attrs hstore, token uuid NOT NULL DEFAULT uuid_generate_v4());
CREATE INDEX people_name_trgm ON people USING gist (name gist_trgm_ops);
CREATE INDEX people_attrs ON people USING gin (attrs);
CREATE FUNCTION people_like(q text) RETURNS SETOF people LANGUAGE sql STABLE AS $$ SELECT * FROM people WHERE name % q $$;
