CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT EXTRACT(EPOCH FROM (x - y)) $$;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TABLE shifts (id int PRIMARY KEY, starts time NOT NULL, ends time NOT NULL, during timerange GENERATED ALWAYS AS (timerange(starts, ends)) STORED);
CREATE INDEX shifts_during ON shifts USING gist (during);
