-- The type gains an attribute, a function builds one, an enum joins it.
CREATE TYPE store_kind AS ENUM ('shop', 'outlet', 'warehouse');
CREATE TYPE address AS (street text, city text, postcode text);
CREATE TABLE stores (id int PRIMARY KEY, name text NOT NULL, addr address, kind store_kind NOT NULL DEFAULT 'shop');
CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE sql IMMUTABLE RETURN a.city;
CREATE FUNCTION make_address(street text, city text, postcode text) RETURNS address LANGUAGE sql IMMUTABLE RETURN ROW(street, city, postcode)::public.address;
CREATE FUNCTION kind_label(k store_kind) RETURNS text LANGUAGE sql IMMUTABLE RETURN initcap(k::text);
CREATE VIEW store_cities AS SELECT id, public.city_of(addr) AS city, public.kind_label(kind) AS kind FROM stores;
