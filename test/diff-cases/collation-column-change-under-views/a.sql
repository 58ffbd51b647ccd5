CREATE COLLATION fr (provider = icu, locale = 'fr-FR');
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, brand text, tags text[]);
CREATE VIEW product_names AS SELECT id, name FROM products;
CREATE VIEW product_brands AS SELECT DISTINCT brand FROM products;
CREATE VIEW product_index AS SELECT n.id, n.name, p.tags FROM product_names n JOIN products p USING (id);
