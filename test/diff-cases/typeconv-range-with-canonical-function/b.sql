-- A discrete range type: its CANONICAL function takes and returns the range type itself, so the
-- type starts as a shell. A column, a view and a comment use it.
CREATE TABLE rooms (id int PRIMARY KEY, name text NOT NULL);
CREATE TYPE seat_span;
CREATE FUNCTION seat_span_canonical(seat_span) RETURNS seat_span LANGUAGE internal IMMUTABLE STRICT AS 'int4range_canonical';
CREATE TYPE seat_span AS RANGE (subtype = int4, canonical = seat_span_canonical);
COMMENT ON TYPE seat_span IS 'seats, closed-open';
CREATE TABLE seatings (room int REFERENCES rooms, seats seat_span NOT NULL DEFAULT '[1,1]');
CREATE VIEW seating_widths AS SELECT room, upper(seats) - lower(seats) AS width FROM seatings;
