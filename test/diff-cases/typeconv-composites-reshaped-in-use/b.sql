-- The same columns after the reshaping: point2 reordered, label with a kind first, money3 without
-- its note and with a wider amount, dims with a depth at the end, status's labels reordered.
CREATE TYPE status AS ENUM ('closed', 'open');
CREATE TYPE point2 AS (y int, x int);
CREATE TYPE label AS (kind text, txt text, lang char(2));
CREATE TYPE money3 AS (amount numeric(12,2), currency char(3));
CREATE TYPE dims AS (w int, h int, d int);
CREATE TYPE tagged AS (tag text, st status);
CREATE TYPE shape AS (origin point2, size dims, name label);
CREATE TABLE drawings (
  id int PRIMARY KEY,
  at point2 NOT NULL DEFAULT ROW(0, 0),
  caption label,
  price money3,
  box dims,
  boxes dims[],
  marks tagged[],
  outline shape
);
CREATE INDEX drawings_at_x ON drawings (((at).x));
INSERT INTO drawings VALUES
  (1, ROW(2, 1), ROW(NULL, 'hello', 'en'), ROW(9.99, 'EUR'), ROW(3, 4, NULL), ARRAY[ROW(1, 1, NULL)::dims], ARRAY[ROW('a', 'open')::tagged], ROW(ROW(6, 5), ROW(7, 8, NULL), ROW(NULL, 'sq', 'fr'))),
  (2, ROW(NULL, NULL), NULL, NULL, NULL, NULL, '{}', ROW(NULL, NULL, NULL));
CREATE VIEW drawing_points AS SELECT id, (at).x AS x, (at).y AS y, (outline).origin AS origin FROM drawings;
CREATE MATERIALIZED VIEW drawing_prices AS SELECT id, price, caption FROM drawings;
CREATE UNIQUE INDEX drawing_prices_id ON drawing_prices (id);
