CREATE TYPE address AS (street text, zip varchar(10), country text COLLATE "C");
CREATE TYPE pair AS (y int, x int);
CREATE TYPE point3 AS (x float8, y float8, z float8);
CREATE TABLE places (id int PRIMARY KEY, home address, p point3);
