CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
CREATE FUNCTION valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN length(c) = 32;
CREATE DOMAIN code AS text DEFAULT public.next_code() CONSTRAINT code_valid CHECK (public.valid_code(VALUE));
CREATE TABLE notes (id int PRIMARY KEY, body text, code code);
