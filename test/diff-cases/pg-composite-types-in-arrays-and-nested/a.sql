CREATE SCHEMA geo;
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE geo.segment AS (a geo.point2, b geo.point2);
CREATE TABLE geo.routes (id int PRIMARY KEY, waypoints geo.point2[] NOT NULL, legs geo.segment[]);
CREATE FUNCTION geo.route_length(geo.point2[]) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT cardinality($1) $$;
