-- CHECK constraints and partial or expression indexes whose text holds constants of an enum and
-- a composite type that are recreated under their names, on a plain and a partitioned table.
CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
CREATE TYPE pair AS (x int, y int);
CREATE TABLE paints (
  id int PRIMARY KEY,
  c colour NOT NULL DEFAULT 'red' CONSTRAINT paints_not_blue CHECK (c <> 'blue'),
  v pair CONSTRAINT paints_v_not_origin CHECK (v <> ROW(0, 0)::pair),
  cs colour[]
);
CREATE INDEX paints_red ON paints (id) WHERE c = 'red';
CREATE INDEX paints_v_one ON paints (v) WHERE v = ROW(1, 1)::pair;
CREATE UNIQUE INDEX paints_green_ids ON paints (c, id) WHERE cs @> ARRAY['green']::colour[];
CREATE INDEX paints_x ON paints (((v).x));
CREATE TABLE batches (id int, c colour NOT NULL, CONSTRAINT batches_not_green CHECK (c <> 'green')) PARTITION BY LIST (id);
CREATE TABLE batches_1 PARTITION OF batches FOR VALUES IN (1);
CREATE INDEX batches_red ON batches (id) WHERE c = 'red';
INSERT INTO paints VALUES (1, 'red', ROW(1, 2), '{green}'), (2, 'green', NULL, NULL);
INSERT INTO batches VALUES (1, 'blue');
