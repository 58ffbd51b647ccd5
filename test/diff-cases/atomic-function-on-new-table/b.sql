CREATE SCHEMA shop;
CREATE TABLE shop.products (id int PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION shop.max_price() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT max(price) FROM shop.products; END;
CREATE VIEW shop.pricey AS SELECT id FROM shop.products WHERE price > shop.max_price() / 2;
