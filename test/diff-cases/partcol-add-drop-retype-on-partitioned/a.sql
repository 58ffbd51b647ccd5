-- Columns of a partitioned table change; partitions follow, indexes on the columns are rebuilt.
CREATE TABLE measurements (
  station text NOT NULL,
  measured_on date NOT NULL,
  reading int,
  unit varchar(8) DEFAULT 'mm',
  obsolete_flag boolean,
  note text
) PARTITION BY RANGE (measured_on);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measurements_reading ON measurements (station, reading);
CREATE INDEX measurements_2025_flag ON measurements_2025 (obsolete_flag);
ALTER TABLE measurements ADD CONSTRAINT measurements_reading_positive CHECK (reading >= 0);
CREATE VIEW station_totals AS SELECT station, sum(reading) AS total FROM measurements GROUP BY station;
