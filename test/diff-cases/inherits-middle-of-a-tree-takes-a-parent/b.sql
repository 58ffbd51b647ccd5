CREATE TABLE entities (id int, CONSTRAINT entities_id_check CHECK (id > 0));
-- The middle of the tree takes a parent; its own child is left as it is.
CREATE TABLE people (id int, name text, CONSTRAINT entities_id_check CHECK (id > 0)) INHERITS (entities);
CREATE TABLE employees (salary numeric) INHERITS (people);
INSERT INTO employees VALUES (7, 'bo', 100);
