CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id int PRIMARY KEY);
CREATE TABLE bookings (room_id int NOT NULL REFERENCES rooms (id), during tstzrange NOT NULL);
