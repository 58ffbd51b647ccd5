CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TABLE paints (id int PRIMARY KEY, color color NOT NULL DEFAULT 'red');
CREATE VIEW red_paints AS SELECT id FROM paints WHERE color = 'red';
