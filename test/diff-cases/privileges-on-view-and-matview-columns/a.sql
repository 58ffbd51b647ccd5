CREATE SCHEMA rep;
CREATE TABLE rep.orders (id int PRIMARY KEY, customer text, total numeric, note text);
CREATE VIEW rep.order_totals AS SELECT id, customer, total FROM rep.orders;
CREATE VIEW rep.order_notes AS SELECT id, note FROM rep.orders;
CREATE MATERIALIZED VIEW rep.customer_totals AS SELECT customer, sum(total) AS total FROM rep.orders GROUP BY customer;
GRANT SELECT (id, customer) ON rep.order_totals TO pg_monitor;
GRANT SELECT (note) ON rep.order_notes TO pg_read_all_stats;
GRANT SELECT (customer) ON rep.customer_totals TO pg_monitor WITH GRANT OPTION;
