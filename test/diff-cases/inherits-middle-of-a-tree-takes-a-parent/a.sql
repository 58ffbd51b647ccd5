CREATE TABLE entities (id int, CONSTRAINT entities_id_check CHECK (id > 0));
CREATE TABLE people (id int, name text, CONSTRAINT entities_id_check CHECK (id > 0));
CREATE TABLE employees (salary numeric) INHERITS (people);
INSERT INTO employees VALUES (7, 'bo', 100);
