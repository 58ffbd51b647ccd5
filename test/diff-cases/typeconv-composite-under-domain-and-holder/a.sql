-- A composite type under a domain (with a CHECK reading an attribute) and, through the domain, inside
-- another composite type; columns of both and a view use them.
CREATE TYPE p AS (x int, y int);
CREATE DOMAIN pd AS p CONSTRAINT pd_x CHECK ((VALUE).x > 0);
CREATE TYPE holder AS (a pd, b text);
CREATE TABLE paints (id int PRIMARY KEY, v pd, h holder);
INSERT INTO paints VALUES (1, ROW(1, 2), ROW(ROW(3, 4), 'z'));
CREATE VIEW vx AS SELECT id, (v).x FROM paints;
