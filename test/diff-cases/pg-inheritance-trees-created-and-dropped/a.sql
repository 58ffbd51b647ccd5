CREATE TABLE vehicles (id int PRIMARY KEY, make text NOT NULL, wheels int CHECK (wheels > 0));
CREATE TABLE cars (seats int NOT NULL) INHERITS (vehicles);
CREATE TABLE trucks (payload_kg int) INHERITS (vehicles);
