CREATE TABLE readings (id int NOT NULL, kind int NOT NULL, value numeric) PARTITION BY LIST (kind);
CREATE TABLE archive (id int NOT NULL, kind int NOT NULL, value numeric);
-- Detached from the partitioned table, it becomes a child of archive, keeping its columns as its own.
CREATE TABLE readings_1 (id int NOT NULL, kind int NOT NULL, value numeric) INHERITS (archive);
INSERT INTO readings_1 VALUES (1, 1, 2.5);
