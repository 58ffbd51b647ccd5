-- One column turns generated and another stops being generated: both are dropped and added again,
-- and what names them is recreated, including a foreign key from another table.
CREATE TABLE items (
  id integer PRIMARY KEY,
  base integer NOT NULL,
  price integer GENERATED ALWAYS AS (base * 2) STORED,
  label text,
  CONSTRAINT price_not_negative CHECK (price >= 0),
  CONSTRAINT price_unique UNIQUE (price),
  CONSTRAINT label_unique UNIQUE (label)
);
CREATE TABLE tags (item_label text REFERENCES items (label));
CREATE STATISTICS items_price_base (dependencies) ON base, price FROM items;
