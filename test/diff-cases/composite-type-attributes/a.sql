CREATE TYPE address AS (street text, city text, zip varchar(5));
CREATE TYPE pair AS (x int, y int);
CREATE TYPE dropped_type AS (a int);
