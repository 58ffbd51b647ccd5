-- The parent gets the index: each partition's index is attached, none is duplicated.
CREATE TABLE readings (
  sensor_id int NOT NULL,
  taken_at timestamptz NOT NULL,
  kind text NOT NULL,
  value double precision
) PARTITION BY LIST (kind);
CREATE TABLE readings_temp PARTITION OF readings FOR VALUES IN ('temp');
CREATE TABLE readings_humidity PARTITION OF readings FOR VALUES IN ('humidity');
CREATE TABLE readings_other PARTITION OF readings DEFAULT;
CREATE INDEX readings_temp_sensor_time ON readings_temp (sensor_id, taken_at DESC);
CREATE INDEX readings_humidity_sensor_time ON readings_humidity (sensor_id, taken_at DESC);
CREATE INDEX readings_other_by_sensor ON readings_other (sensor_id, taken_at DESC);
CREATE INDEX readings_sensor_time ON readings (sensor_id, taken_at DESC);
CREATE INDEX readings_temp_hot ON readings_temp (value) WHERE value > 40;
