CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));
CREATE VIEW item_names AS SELECT id, upper(name) AS name FROM items;
