CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE playlist (position int NOT NULL, song text NOT NULL, CONSTRAINT playlist_position UNIQUE (position));
CREATE TABLE bookings (
  room_id int NOT NULL REFERENCES rooms,
  during tstzrange NOT NULL,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
