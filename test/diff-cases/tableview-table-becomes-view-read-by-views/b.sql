CREATE SCHEMA shop;
CREATE TABLE shop.orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL, placed_on date NOT NULL);
CREATE VIEW shop.order_totals AS SELECT customer, sum(total) AS total FROM shop.orders GROUP BY customer;
CREATE VIEW shop.big_customers AS SELECT customer, total FROM shop.order_totals WHERE total > 1000;
CREATE VIEW shop.customer_report AS SELECT b.customer, b.total, count(*) AS orders FROM shop.big_customers b JOIN shop.orders o USING (customer) GROUP BY b.customer, b.total;
GRANT SELECT ON shop.order_totals TO pg_monitor;
