CREATE TABLE measures (station int NOT NULL, at timestamptz NOT NULL, temp numeric, note text, CONSTRAINT measures_pkey PRIMARY KEY (station, at)) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures (note NOT NULL) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measures_2024_temp ON measures_2024 (temp);
ALTER TABLE measures_2025 ADD CONSTRAINT measures_2025_temp CHECK (temp > -100);
COMMENT ON TABLE measures_2024 IS 'last year';
GRANT SELECT ON measures_2025 TO pg_monitor;
INSERT INTO measures VALUES (1, '2024-05-05', 10, 'x'), (2, '2025-05-05', 20, NULL);
