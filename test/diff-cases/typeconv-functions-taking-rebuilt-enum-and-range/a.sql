-- Functions take an enum and a range type that columns use; a view calls them.
CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
CREATE TYPE span AS RANGE (subtype = int4);
CREATE TABLE paints (id int PRIMARY KEY, c colour, s span);
CREATE FUNCTION is_warm(c colour) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c = 'red' $$;
CREATE FUNCTION width(s span) RETURNS int LANGUAGE sql IMMUTABLE RETURN upper(s) - lower(s);
CREATE VIEW warm AS SELECT id, width(s) FROM paints WHERE is_warm(c);
