CREATE TABLE events (id int, kind int NOT NULL, payload text, note text) PARTITION BY LIST (kind);
CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
CREATE TABLE items (id int, body text);
CREATE TABLE items_special (extra text) INHERITS (items);
ALTER TABLE items ALTER COLUMN body SET STORAGE MAIN;
