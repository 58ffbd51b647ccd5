-- The parent's new check reaches the child through it, inherited only.
CREATE TABLE shapes (sides int, name text, CONSTRAINT shapes_sides_check CHECK (sides >= 3));
CREATE TABLE polygons (sides int, name text, area numeric) INHERITS (shapes);
INSERT INTO polygons VALUES (4, 'square', 1);
