-- The parent gains a primary key (adopting the February partition's own key) and a unique constraint.
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (
  id bigint NOT NULL,
  placed_on date NOT NULL,
  customer_id int NOT NULL REFERENCES customers (id),
  reference text NOT NULL,
  total numeric(12,2) NOT NULL DEFAULT 0,
  CONSTRAINT orders_reference_key UNIQUE (reference, placed_on)
) PARTITION BY RANGE (placed_on);
CREATE TABLE orders_2025_01 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE orders_2025_02 PARTITION OF orders (CONSTRAINT orders_feb_pk PRIMARY KEY (id, placed_on)) FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE TABLE orders_2025_03 PARTITION OF orders FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id, placed_on);
CREATE INDEX orders_2025_03_customer ON orders_2025_03 (customer_id);
CREATE INDEX orders_customer ON orders (customer_id, placed_on);
