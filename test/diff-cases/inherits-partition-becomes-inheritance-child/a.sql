CREATE TABLE readings (id int NOT NULL, kind int NOT NULL, value numeric) PARTITION BY LIST (kind);
CREATE TABLE readings_1 PARTITION OF readings FOR VALUES IN (1);
CREATE TABLE readings_2 PARTITION OF readings FOR VALUES IN (2);
CREATE INDEX readings_2_value ON readings_2 (value);
CREATE TABLE archive (id int NOT NULL, kind int NOT NULL, value numeric);
INSERT INTO readings VALUES (1, 1, 2.5), (2, 2, 4.0);
