CREATE TABLE base (id int PRIMARY KEY, a int, b text);
CREATE VIEW v1 AS SELECT id, a, b FROM base;
CREATE VIEW v2 AS SELECT id FROM v1 WHERE a > 0;
