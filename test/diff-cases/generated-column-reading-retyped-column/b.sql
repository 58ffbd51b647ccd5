CREATE TABLE shapes (id int PRIMARY KEY, w int NOT NULL, h int NOT NULL, area bigint GENERATED ALWAYS AS (w::bigint * h) STORED);
