CREATE SCHEMA crm;
CREATE SCHEMA sales;
CREATE TABLE crm.customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES crm.customers (id) ON DELETE RESTRICT, placed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE crm.notes (id int PRIMARY KEY, order_id bigint REFERENCES sales.orders (id) ON DELETE CASCADE);
CREATE VIEW crm.customer_orders AS SELECT c.name, count(o.id) AS orders FROM crm.customers c LEFT JOIN sales.orders o ON o.customer_id = c.id GROUP BY c.name;
