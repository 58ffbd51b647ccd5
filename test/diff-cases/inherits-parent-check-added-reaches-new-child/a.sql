CREATE TABLE shapes (sides int, name text);
CREATE TABLE polygons (sides int, name text, area numeric);
INSERT INTO polygons VALUES (4, 'square', 1);
