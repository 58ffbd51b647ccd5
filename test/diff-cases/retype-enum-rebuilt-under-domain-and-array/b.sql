CREATE TYPE colour AS ENUM ('blue', 'green', 'red');
CREATE DOMAIN primary_colour AS colour CONSTRAINT primary_colour_not_magenta CHECK (VALUE <> 'green');
CREATE TABLE paints (id int PRIMARY KEY, name text NOT NULL, base primary_colour NOT NULL, mixes colour[] DEFAULT '{}');
CREATE TABLE swatches (id int PRIMARY KEY, paint int REFERENCES paints (id), shade colour);
