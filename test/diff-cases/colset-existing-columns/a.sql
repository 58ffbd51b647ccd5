CREATE TABLE docs (id int PRIMARY KEY, body text, title varchar(200), meta jsonb, score int);
ALTER TABLE docs ALTER COLUMN meta SET STORAGE MAIN, ALTER COLUMN meta SET COMPRESSION pglz, ALTER COLUMN score SET STATISTICS 300;
INSERT INTO docs VALUES (1, 'body', 'title', '{"a": 1}', 7);
