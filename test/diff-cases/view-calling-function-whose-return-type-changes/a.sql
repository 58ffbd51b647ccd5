CREATE TABLE temps (id int PRIMARY KEY, c numeric NOT NULL);
CREATE FUNCTION to_f(c numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c * 9 / 5 + 32 $$;
CREATE VIEW temps_f AS SELECT id, to_f(c) AS f FROM temps;
