-- A composite address type in a table column and in a function.
CREATE TYPE address AS (street text, city text);
CREATE TABLE stores (id int PRIMARY KEY, name text NOT NULL, addr address);
CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE sql IMMUTABLE RETURN a.city;
CREATE VIEW store_cities AS SELECT id, public.city_of(addr) AS city FROM stores;
