CREATE SCHEMA tenant_a;
CREATE SCHEMA tenant_b;
CREATE TABLE public.items (id int PRIMARY KEY, name text);
CREATE TABLE tenant_a.items (id int PRIMARY KEY, name text, price numeric);
CREATE TABLE tenant_b.items (id int PRIMARY KEY, name text);
CREATE FUNCTION tenant_a.item_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM tenant_a.items $$;
CREATE VIEW tenant_b.cheap AS SELECT i.id, i.name FROM tenant_b.items i JOIN public.items p USING (id);
