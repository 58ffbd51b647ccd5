CREATE TABLE readings (id int PRIMARY KEY, v double precision);
CREATE FUNCTION clamp(x double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(0, least(1, x)) $$;
CREATE VIEW clean_readings AS SELECT id, clamp(v) AS v FROM readings;
CREATE MATERIALIZED VIEW reading_stats AS SELECT avg(v) AS mean, count(*) AS n FROM clean_readings WITH NO DATA;
