CREATE TABLE readings (sensor text NOT NULL, at timestamptz NOT NULL, value double precision, PRIMARY KEY (sensor, at));
CREATE VIEW latest AS SELECT DISTINCT ON (sensor) sensor, at, value FROM readings ORDER BY sensor, at DESC;
CREATE MATERIALIZED VIEW daily AS SELECT sensor, date_trunc('day', at) AS day, avg(value) AS mean FROM latest GROUP BY 1, 2;
CREATE INDEX daily_sensor ON daily (sensor);
CREATE FUNCTION sensor_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM latest $$;
