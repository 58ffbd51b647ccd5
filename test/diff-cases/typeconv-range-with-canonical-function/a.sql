-- Rooms without seat ranges yet.
CREATE TABLE rooms (id int PRIMARY KEY, name text NOT NULL);
