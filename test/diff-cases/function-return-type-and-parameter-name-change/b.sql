CREATE FUNCTION total(a int, b int) RETURNS bigint LANGUAGE sql AS $$ SELECT a::bigint + b $$;
CREATE FUNCTION greet(name text) RETURNS text LANGUAGE sql AS $$ SELECT 'hello ' || name $$;
