-- The check is new on the parent, and declared on the child as well: the child's stays its own.
CREATE TABLE vehicles (wheels int, CONSTRAINT wheels_positive CHECK (wheels > 0));
CREATE TABLE bikes (wheels int, gears int, CONSTRAINT wheels_positive CHECK (wheels > 0)) INHERITS (vehicles);
INSERT INTO bikes VALUES (2, 21);
