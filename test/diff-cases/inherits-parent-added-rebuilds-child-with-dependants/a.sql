CREATE TABLE measurements (city text NOT NULL, reading numeric CHECK (reading >= 0));
CREATE TABLE measurements_2024 (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  city text NOT NULL,
  reading numeric CONSTRAINT measurements_reading_check CHECK (reading >= 0),
  source text DEFAULT 'sensor'
);
CREATE INDEX measurements_2024_city ON measurements_2024 (city);
CREATE VIEW measurements_2024_high AS SELECT id, city, reading FROM measurements_2024 WHERE reading > 10;
COMMENT ON TABLE measurements_2024 IS 'readings of 2024';
INSERT INTO measurements VALUES ('Oslo', 3);
INSERT INTO measurements_2024 (city, reading) VALUES ('Lima', 12), ('Rome', 4);
