CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT x + 1 $$;
CREATE FUNCTION add_one(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
CREATE FUNCTION shout(s text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper(s) || '!'; END $$;
