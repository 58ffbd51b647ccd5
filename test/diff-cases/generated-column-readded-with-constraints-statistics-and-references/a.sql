-- A generated column whose expression changes is dropped and added again; PostgreSQL drops the
-- constraints, indexes and statistics that name it on the way, and refuses while a foreign key
-- elsewhere references it.
CREATE TABLE orders (
  id integer PRIMARY KEY,
  qty integer NOT NULL,
  total integer GENERATED ALWAYS AS (qty * 2) STORED,
  code integer,
  CONSTRAINT total_positive CHECK (total > 0),
  CONSTRAINT total_unique UNIQUE (total),
  CONSTRAINT qty_below_total CHECK (qty < total),
  CONSTRAINT code_covering UNIQUE (code) INCLUDE (total)
);
CREATE INDEX orders_total_idx ON orders (total) WHERE qty > 1;
CREATE TABLE refunds (
  id integer PRIMARY KEY,
  order_total integer,
  CONSTRAINT refunds_order_total_fkey FOREIGN KEY (order_total) REFERENCES orders (total)
);
CREATE STATISTICS orders_dependencies (dependencies) ON qty, total FROM orders;
CREATE STATISTICS orders_expression ON (total + 1), qty FROM orders;
CREATE STATISTICS orders_untouched (ndistinct) ON id, qty FROM orders;
