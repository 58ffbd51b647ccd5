CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE playlist (position int NOT NULL, song text NOT NULL, CONSTRAINT playlist_position UNIQUE (position) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE bookings (
  room_id int NOT NULL REFERENCES rooms,
  during tstzrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled) DEFERRABLE
);
