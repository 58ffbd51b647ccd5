CREATE TABLE notes (id int, kept text, retyped text, narrowed text);
ALTER TABLE notes ALTER COLUMN retyped SET STORAGE MAIN, ALTER COLUMN retyped SET COMPRESSION pglz, ALTER COLUMN retyped SET STATISTICS 400,
  ALTER COLUMN narrowed SET STORAGE EXTERNAL, ALTER COLUMN narrowed SET STATISTICS 20;
INSERT INTO notes VALUES (1, 'k', 'r', '5');
