-- Two discrete range types in use by columns and a view: seat_span has a CANONICAL function,
-- row_span has none.
CREATE TYPE seat_span;
CREATE FUNCTION seat_span_canonical(seat_span) RETURNS seat_span LANGUAGE internal IMMUTABLE STRICT AS 'int4range_canonical';
CREATE TYPE seat_span AS RANGE (subtype = int4, canonical = seat_span_canonical);
CREATE TYPE row_span AS RANGE (subtype = int4);
CREATE TABLE seatings (id int PRIMARY KEY, seats seat_span NOT NULL, rows_taken row_span, history seat_span_multirange);
INSERT INTO seatings VALUES (1, '[1,4]', '[2,3)', '{[1,2],[5,6]}'), (2, 'empty', NULL, NULL);
CREATE VIEW seating_widths AS SELECT id, upper(seats) - lower(seats) AS width, rows_taken FROM seatings;
