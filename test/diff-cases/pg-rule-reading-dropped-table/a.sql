CREATE TABLE items (id int PRIMARY KEY, name text);
CREATE TABLE items_audit (id int, name text);
CREATE RULE items_audit AS ON UPDATE TO items DO ALSO INSERT INTO items_audit VALUES (OLD.id, OLD.name);
