-- seat_span keeps its CANONICAL function and gains a SUBTYPE_DIFF; row_span gains a CANONICAL
-- function: both are recreated beside the old ones, the function made again for the new type.
CREATE FUNCTION seat_diff(int, int) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT ($1 - $2)::float8';
CREATE TYPE seat_span;
CREATE FUNCTION seat_span_canonical(seat_span) RETURNS seat_span LANGUAGE internal IMMUTABLE STRICT AS 'int4range_canonical';
CREATE TYPE seat_span AS RANGE (subtype = int4, canonical = seat_span_canonical, subtype_diff = seat_diff);
CREATE TYPE row_span;
CREATE FUNCTION row_span_canonical(row_span) RETURNS row_span LANGUAGE internal IMMUTABLE STRICT AS 'int4range_canonical';
CREATE TYPE row_span AS RANGE (subtype = int4, canonical = row_span_canonical);
CREATE TABLE seatings (id int PRIMARY KEY, seats seat_span NOT NULL, rows_taken row_span, history seat_span_multirange);
INSERT INTO seatings VALUES (1, '[1,4]', '[2,3)', '{[1,2],[5,6]}'), (2, 'empty', NULL, NULL);
CREATE VIEW seating_widths AS SELECT id, upper(seats) - lower(seats) AS width, rows_taken FROM seatings;
