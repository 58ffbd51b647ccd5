CREATE TABLE vehicles (wheels int);
CREATE TABLE bikes (wheels int, gears int);
INSERT INTO bikes VALUES (2, 21);
