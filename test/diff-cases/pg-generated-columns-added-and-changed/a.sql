CREATE TABLE boxes (id int PRIMARY KEY, w numeric NOT NULL, h numeric NOT NULL, d numeric NOT NULL,
  volume numeric GENERATED ALWAYS AS (w * h * d) STORED,
  label text GENERATED ALWAYS AS ('box ' || id::text) STORED);
CREATE INDEX boxes_volume ON boxes (volume);
