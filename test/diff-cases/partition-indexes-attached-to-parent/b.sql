CREATE TABLE metrics (id int NOT NULL, at date NOT NULL, name text, value numeric) PARTITION BY RANGE (at);
CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE metrics_2025 PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX metrics_2024_name ON metrics_2024 (name);
CREATE INDEX metrics_name ON metrics (name);
CREATE UNIQUE INDEX metrics_2025_id_at ON metrics_2025 (id, at);
ALTER TABLE metrics ADD CONSTRAINT metrics_pkey PRIMARY KEY (id, at);
CREATE INDEX metrics_value ON metrics (value, name);
