-- The enum's labels are reordered and the composite's attributes swapped: the constraints and
-- indexes are dropped before the columns are converted and created again after.
CREATE TYPE colour AS ENUM ('blue', 'green', 'red');
CREATE TYPE pair AS (y int, x int);
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
INSERT INTO paints VALUES (1, 'red', ROW(2, 1), '{green}'), (2, 'green', NULL, NULL);
INSERT INTO batches VALUES (1, 'blue');
