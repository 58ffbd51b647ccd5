-- Order status as one enum, with an index, a check, a default and a view reading it.
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TABLE orders (
  id int PRIMARY KEY,
  state order_state NOT NULL DEFAULT 'new',
  placed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_no_cancelled_new CHECK (state <> 'cancelled' OR placed_at IS NOT NULL)
);
CREATE INDEX orders_open ON orders (placed_at) WHERE state IN ('new', 'paid');
CREATE INDEX orders_state ON orders (state);
CREATE VIEW open_orders AS SELECT id, state FROM orders WHERE state <> 'cancelled';
