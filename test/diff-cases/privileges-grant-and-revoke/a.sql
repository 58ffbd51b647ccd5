CREATE SCHEMA api;
CREATE TABLE api.items (id int PRIMARY KEY, name text);
CREATE SEQUENCE api.counter;
CREATE FUNCTION api.hello() RETURNS text LANGUAGE sql AS $$ SELECT 'hi' $$;
CREATE TYPE api.kind AS ENUM ('a', 'b');
CREATE VIEW api.item_names AS SELECT name FROM api.items;
GRANT SELECT, INSERT ON api.items TO pg_monitor;
GRANT USAGE ON SCHEMA api TO pg_monitor;
