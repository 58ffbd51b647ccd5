CREATE SCHEMA util;
CREATE FUNCTION util.slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $$;
CREATE FUNCTION util.whoami() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_user::text $$;
CREATE FUNCTION util.costly(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION util.same(a int, b int) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a = b $$;
