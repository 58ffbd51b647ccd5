-- The attribute x widens: the composite, the domain over it and the composite holding the domain
-- are recreated beside the old ones and the columns converted through text.
CREATE TYPE p AS (x bigint, y int);
CREATE DOMAIN pd AS p CONSTRAINT pd_x CHECK ((VALUE).x > 0);
CREATE TYPE holder AS (a pd, b text);
CREATE TABLE paints (id int PRIMARY KEY, v pd, h holder);
INSERT INTO paints VALUES (1, ROW(1, 2), ROW(ROW(3, 4), 'z'));
CREATE VIEW vx AS SELECT id, (v).x FROM paints;
