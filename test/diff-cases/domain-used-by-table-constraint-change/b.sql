CREATE DOMAIN percent AS numeric(5,2) DEFAULT 0 CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100) CONSTRAINT percent_whole CHECK (VALUE = round(VALUE));
CREATE TABLE scores (id int PRIMARY KEY, p percent NOT NULL, q percent);
