-- owner moves up to the parent; the child keeps its rows and has owner through the parent alone.
CREATE TABLE assets (id int NOT NULL, owner text);
CREATE TABLE laptops (id int NOT NULL, model text DEFAULT 'x1') INHERITS (assets);
INSERT INTO laptops (id, owner, model) VALUES (1, 'ann', 't14');
