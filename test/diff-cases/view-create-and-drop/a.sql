CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));
CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
