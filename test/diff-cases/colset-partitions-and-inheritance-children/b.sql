CREATE TABLE events (id int, kind int NOT NULL, payload text, note text) PARTITION BY LIST (kind);
-- Set on the parent before its partitions: they copy storage and compression, not the statistics target.
ALTER TABLE events ALTER COLUMN payload SET STORAGE EXTERNAL, ALTER COLUMN payload SET COMPRESSION lz4, ALTER COLUMN payload SET STATISTICS 250;
CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
CREATE TABLE events_2 PARTITION OF events FOR VALUES IN (2);
-- A partition's own setting, apart from its parent's.
ALTER TABLE ONLY events_2 ALTER COLUMN note SET STORAGE MAIN;
CREATE TABLE items (id int, body text);
CREATE TABLE items_special (extra text) INHERITS (items);
CREATE TABLE items_plain () INHERITS (items);
ALTER TABLE ONLY items ALTER COLUMN body SET STATISTICS 30;
ALTER TABLE items ALTER COLUMN body SET COMPRESSION pglz;
