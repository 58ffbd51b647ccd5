-- The enum loses a label and the range widens its subtype: the functions are made again on the new
-- types, the view around them.
CREATE TYPE colour AS ENUM ('blue', 'red');
CREATE TYPE span AS RANGE (subtype = int8);
CREATE TABLE paints (id int PRIMARY KEY, c colour, s span);
CREATE FUNCTION is_warm(c colour) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c = 'red' $$;
CREATE FUNCTION width(s span) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN upper(s) - lower(s);
CREATE VIEW warm AS SELECT id, width(s) FROM paints WHERE is_warm(c);
