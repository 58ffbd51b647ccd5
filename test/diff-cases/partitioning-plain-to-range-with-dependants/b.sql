CREATE SEQUENCE orders_ref_seq;
CREATE TABLE orders (
  id int NOT NULL,
  placed date NOT NULL,
  ref bigint NOT NULL DEFAULT nextval('orders_ref_seq'),
  total numeric(10,2) CHECK (total >= 0),
  note text,
  PRIMARY KEY (id, placed)
) PARTITION BY RANGE (placed);
ALTER SEQUENCE orders_ref_seq OWNED BY orders.ref;
CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX orders_total ON orders (total);
COMMENT ON TABLE orders IS 'customer orders';
COMMENT ON COLUMN orders.total IS 'in euros';
GRANT SELECT, INSERT ON orders TO pg_monitor;
CREATE TABLE order_lines (order_id int, placed date, sku text, FOREIGN KEY (order_id, placed) REFERENCES orders ON DELETE CASCADE);
CREATE VIEW big_orders AS SELECT id, placed, total FROM orders WHERE total > 100;
GRANT SELECT ON big_orders TO pg_monitor;
INSERT INTO orders (id, placed, total, note) VALUES (1, '2024-03-01', 50, 'a'), (2, '2024-11-20', 150, 'b'), (3, '2025-02-02', 300, NULL);
INSERT INTO order_lines VALUES (1, '2024-03-01', 'x'), (3, '2025-02-02', 'y');
