CREATE TABLE notes (id int, kept text, retyped varchar(40), narrowed int, added text);
-- A type change resets storage and compression to the new type's and keeps the statistics target.
ALTER TABLE notes ALTER COLUMN retyped SET STORAGE MAIN, ALTER COLUMN retyped SET COMPRESSION pglz, ALTER COLUMN retyped SET STATISTICS 400,
  ALTER COLUMN narrowed SET STATISTICS 20,
  ALTER COLUMN added SET STORAGE EXTERNAL, ALTER COLUMN added SET COMPRESSION lz4, ALTER COLUMN added SET STATISTICS 10;
INSERT INTO notes VALUES (1, 'k', 'r', 5, NULL);
CREATE TABLE blobs (id int, data bytea, label text);
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL, ALTER COLUMN data SET COMPRESSION pglz, ALTER COLUMN label SET STATISTICS 5,
  ALTER COLUMN id SET STATISTICS 100;
