-- A partitioned table and its partitions each have their own replica identity.
CREATE TABLE payments (
  id bigint NOT NULL,
  paid_on date NOT NULL,
  method text NOT NULL,
  amount numeric NOT NULL,
  PRIMARY KEY (id, paid_on)
) PARTITION BY RANGE (paid_on);
CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE payments_2025 PARTITION OF payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE payments REPLICA IDENTITY FULL;
ALTER TABLE payments_2024 REPLICA IDENTITY FULL;
CREATE UNIQUE INDEX payments_2025_method_id ON payments_2025 (method, id);
ALTER TABLE payments_2025 REPLICA IDENTITY USING INDEX payments_2025_method_id;
