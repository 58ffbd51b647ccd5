-- A partitioned table identified by a unique index of the parent; one partition by its own.
CREATE TABLE metrics (
  host text NOT NULL,
  at timestamptz NOT NULL,
  name text NOT NULL,
  value double precision
) PARTITION BY RANGE (at);
CREATE TABLE metrics_2025 PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE metrics_2026 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE UNIQUE INDEX metrics_ident ON metrics (host, at);
ALTER TABLE metrics REPLICA IDENTITY USING INDEX metrics_ident;
ALTER TABLE metrics_2025 REPLICA IDENTITY USING INDEX metrics_2025_host_at_idx;
CREATE UNIQUE INDEX metrics_by_name ON metrics (name, host, at);
