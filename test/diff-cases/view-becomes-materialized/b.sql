CREATE TABLE sales (id int PRIMARY KEY, amount numeric NOT NULL);
CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total FROM sales;
