CREATE SCHEMA util;
CREATE FUNCTION util.slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $$;
CREATE FUNCTION util.whoami() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT current_user::text $$;
CREATE FUNCTION util.costly(n int) RETURNS SETOF int LANGUAGE sql COST 5000 ROWS 50 SET work_mem = '64MB' AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION util.same(a int, b int) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT LEAKPROOF PARALLEL RESTRICTED AS $$ SELECT a = b $$;
REVOKE EXECUTE ON FUNCTION util.whoami() FROM PUBLIC;
