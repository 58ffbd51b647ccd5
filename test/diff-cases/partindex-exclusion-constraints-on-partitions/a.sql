-- Maintenance windows partitioned by site; each partition forbids overlapping windows on its own.
CREATE TABLE windows (
  site text NOT NULL,
  during tstzrange NOT NULL,
  reason text,
  cancelled boolean NOT NULL DEFAULT false
) PARTITION BY LIST (site);
CREATE TABLE windows_paris PARTITION OF windows (CONSTRAINT windows_paris_no_overlap EXCLUDE USING gist (during WITH &&)) FOR VALUES IN ('paris');
CREATE TABLE windows_lyon PARTITION OF windows FOR VALUES IN ('lyon');
CREATE INDEX windows_during ON windows USING gist (during);
