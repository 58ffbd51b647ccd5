CREATE SCHEMA rep;
CREATE TABLE rep.orders (id int PRIMARY KEY, customer text, total numeric, note text);
CREATE VIEW rep.order_totals AS SELECT id, customer, total FROM rep.orders;
-- Its query changes in a way CREATE OR REPLACE VIEW refuses: it is recreated, and so are its grants.
CREATE VIEW rep.order_notes AS SELECT note, id FROM rep.orders;
CREATE MATERIALIZED VIEW rep.customer_totals AS SELECT customer, sum(total) AS total FROM rep.orders GROUP BY customer;
CREATE VIEW rep.big_orders AS SELECT id, total FROM rep.orders WHERE total > 100;
GRANT SELECT (id, total) ON rep.order_totals TO pg_monitor;
GRANT UPDATE (customer) ON rep.order_totals TO pg_read_all_stats;
GRANT SELECT (note, id) ON rep.order_notes TO pg_read_all_stats;
GRANT SELECT (customer) ON rep.customer_totals TO pg_monitor;
GRANT SELECT (total) ON rep.big_orders TO PUBLIC;
