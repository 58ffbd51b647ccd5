CREATE TABLE readings (id int NOT NULL, kind int NOT NULL, value numeric) PARTITION BY LIST (kind);
CREATE TABLE archive (id int NOT NULL, kind int NOT NULL, value numeric);
-- Detached from the partitioned table, it becomes a child of archive, keeping its columns as its own.
CREATE TABLE readings_1 (id int NOT NULL, kind int NOT NULL, value numeric) INHERITS (archive);
INSERT INTO readings_1 VALUES (1, 1, 2.5);
-- This one has its columns through archive alone: DETACH leaves them its own, so it is rebuilt.
CREATE TABLE readings_2 () INHERITS (archive);
CREATE INDEX readings_2_value ON readings_2 (value);
INSERT INTO readings_2 VALUES (2, 2, 4.0);
