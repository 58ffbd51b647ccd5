-- The identity index gains a column (recreated), the other one is renamed and becomes the 2026 identity.
CREATE TABLE metrics (
  host text NOT NULL,
  at timestamptz NOT NULL,
  name text NOT NULL,
  value double precision
) PARTITION BY RANGE (at);
CREATE TABLE metrics_2025 PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE metrics_2026 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE UNIQUE INDEX metrics_ident ON metrics (host, at, name);
ALTER TABLE metrics REPLICA IDENTITY USING INDEX metrics_ident;
ALTER TABLE metrics_2025 REPLICA IDENTITY USING INDEX metrics_2025_host_at_name_idx;
CREATE UNIQUE INDEX metrics_name_host_at ON metrics (name, host, at);
ALTER TABLE metrics_2026 REPLICA IDENTITY USING INDEX metrics_2026_name_host_at_idx;
