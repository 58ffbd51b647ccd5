CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id int PRIMARY KEY);
CREATE TABLE bookings (room_id int NOT NULL REFERENCES rooms (id), during tstzrange NOT NULL,
  CONSTRAINT no_double_booking EXCLUDE USING gist (room_id WITH =, during WITH &&) DEFERRABLE INITIALLY DEFERRED);
