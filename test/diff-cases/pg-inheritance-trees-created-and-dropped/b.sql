CREATE TABLE vehicles (id int PRIMARY KEY, make text NOT NULL, wheels int CHECK (wheels > 0));
CREATE TABLE cars (seats int NOT NULL) INHERITS (vehicles);
CREATE TABLE owners (owner_id int PRIMARY KEY, name text);
CREATE TABLE bikes (gears int) INHERITS (vehicles, owners);
