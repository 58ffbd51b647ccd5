CREATE TABLE boxes (id int PRIMARY KEY, w numeric NOT NULL, h numeric NOT NULL, d numeric NOT NULL,
  volume numeric GENERATED ALWAYS AS (w * h * d / 1000) STORED,
  area numeric GENERATED ALWAYS AS (w * h) STORED,
  label text);
CREATE INDEX boxes_volume ON boxes (volume);
