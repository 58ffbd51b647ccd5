CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL, note varchar(20));
CREATE VIEW big_orders AS SELECT id, amount, note FROM orders WHERE amount > 100;
CREATE VIEW big_order_count AS SELECT count(*) AS n, sum(amount) AS total FROM big_orders;
CREATE TABLE untouched (id int);
CREATE VIEW untouched_view AS SELECT id FROM untouched;
