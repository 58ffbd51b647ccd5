-- The column moves to the other enum; everything that reads it follows.
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TABLE orders (
  id int PRIMARY KEY,
  state order_status NOT NULL DEFAULT 'new',
  placed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_no_cancelled_new CHECK (state <> 'cancelled' OR placed_at IS NOT NULL)
);
CREATE INDEX orders_open ON orders (placed_at) WHERE state IN ('new', 'paid');
CREATE INDEX orders_state ON orders (state);
CREATE VIEW open_orders AS SELECT id, state FROM orders WHERE state <> 'cancelled';
