CREATE SCHEMA legacy;
CREATE TABLE legacy.things (id int PRIMARY KEY, name text);
CREATE VIEW legacy.thing_names AS SELECT name FROM legacy.things;
CREATE FUNCTION legacy.thing_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM legacy.things $$;
CREATE TYPE legacy.kind AS ENUM ('a', 'b');
CREATE TABLE keep (id int);
