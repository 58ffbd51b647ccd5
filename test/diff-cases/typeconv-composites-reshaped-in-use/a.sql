-- Composite types in use by columns, by each other and by views: one is reordered, one gains an
-- attribute before the others, one loses an attribute while another is retyped, one gains an
-- attribute at the end, and one that holds an enum whose labels are reordered.
CREATE TYPE status AS ENUM ('open', 'closed');
CREATE TYPE point2 AS (x int, y int);
CREATE TYPE label AS (txt text, lang char(2));
CREATE TYPE money3 AS (amount numeric(8,2), currency char(3), note text);
CREATE TYPE dims AS (w int, h int);
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
  (1, ROW(1, 2), ROW('hello', 'en'), ROW(9.99, 'EUR', 'sale'), ROW(3, 4), ARRAY[ROW(1, 1)::dims], ARRAY[ROW('a', 'open')::tagged], ROW(ROW(5, 6), ROW(7, 8), ROW('sq', 'fr'))),
  (2, ROW(NULL, NULL), NULL, NULL, NULL, NULL, '{}', ROW(NULL, NULL, NULL));
CREATE VIEW drawing_points AS SELECT id, (at).x AS x, (at).y AS y, (outline).origin AS origin FROM drawings;
CREATE MATERIALIZED VIEW drawing_prices AS SELECT id, price, caption FROM drawings;
CREATE UNIQUE INDEX drawing_prices_id ON drawing_prices (id);
