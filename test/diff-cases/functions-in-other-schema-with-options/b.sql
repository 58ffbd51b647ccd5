CREATE SCHEMA util;
CREATE FUNCTION util.slugify(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$ SELECT lower(regexp_replace(s, '\W+', '-', 'g')) $$;
CREATE FUNCTION util.sum_all(VARIADIC xs int[]) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT sum(x) FROM unnest(xs) x $$;
CREATE FUNCTION util.pairs(n int, OUT a int, OUT b int) RETURNS SETOF record LANGUAGE sql AS $$ SELECT i, i * i FROM generate_series(1, n) i $$;
CREATE FUNCTION util.secret() RETURNS text LANGUAGE sql SECURITY DEFINER AS $$ SELECT 'x' $$;
