-- A range type over integers, used by columns (and its multirange by another), by a domain, an
-- exclusion constraint, a GiST index, views and a materialized view with an index.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TYPE seats AS RANGE (subtype = int4);
CREATE DOMAIN booked_seats AS seats CONSTRAINT booked_seats_not_empty CHECK (NOT isempty(VALUE));
CREATE TABLE bookings (
  id int PRIMARY KEY,
  room int NOT NULL,
  taken seats NOT NULL DEFAULT '[1,2)',
  held booked_seats,
  history seats_multirange,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, taken WITH &&)
);
CREATE INDEX bookings_held ON bookings USING gist (held);
INSERT INTO bookings VALUES (1, 10, '[1,5)', '[2,3)', '{[1,2),[4,6)}'), (2, 10, '[5,9)', NULL, NULL), (3, 11, '(,)', '[7,)', '{}');
CREATE VIEW room_seats AS SELECT room, taken, upper(taken) - lower(taken) AS width FROM bookings;
CREATE MATERIALIZED VIEW held_seats AS SELECT id, held, history FROM bookings WHERE held IS NOT NULL;
CREATE UNIQUE INDEX held_seats_id ON held_seats (id);
