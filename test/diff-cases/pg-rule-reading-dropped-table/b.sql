CREATE TABLE items (id int PRIMARY KEY, name text, updated_at timestamptz);
CREATE TABLE item_history (id int, name text, at timestamptz DEFAULT now());
CREATE RULE items_history AS ON UPDATE TO items DO ALSO INSERT INTO item_history (id, name) VALUES (OLD.id, OLD.name);
