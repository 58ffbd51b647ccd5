CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, note text, qty int NOT NULL DEFAULT 1, total numeric(12,2));
CREATE VIEW order_customers AS SELECT id, customer FROM orders;
CREATE VIEW big_orders AS SELECT o.id, o.total FROM orders o WHERE o.total > 100;
CREATE MATERIALIZED VIEW order_count AS SELECT count(*) AS n FROM orders;
CREATE VIEW customer_names AS SELECT DISTINCT customer FROM order_customers;
