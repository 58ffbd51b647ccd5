CREATE TABLE assets (id int NOT NULL);
CREATE TABLE laptops (id int NOT NULL, owner text, model text DEFAULT 'x1');
INSERT INTO laptops VALUES (1, 'ann', 't14');
