CREATE TABLE measurements (
  station text NOT NULL,
  measured_on date NOT NULL,
  reading numeric(10,2),
  unit text DEFAULT 'mm' NOT NULL,
  note text,
  quality smallint DEFAULT 100
) PARTITION BY RANGE (measured_on);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measurements_reading ON measurements (station, reading);
CREATE INDEX measurements_quality ON measurements (quality) WHERE quality < 50;
ALTER TABLE measurements ADD CONSTRAINT measurements_reading_positive CHECK (reading >= 0);
CREATE VIEW station_totals AS SELECT station, sum(reading) AS total FROM measurements GROUP BY station;
