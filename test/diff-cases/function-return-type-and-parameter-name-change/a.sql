CREATE FUNCTION total(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b $$;
CREATE FUNCTION greet(who text DEFAULT 'world') RETURNS text LANGUAGE sql AS $$ SELECT 'hello ' || who $$;
