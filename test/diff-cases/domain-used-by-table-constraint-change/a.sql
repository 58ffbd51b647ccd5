CREATE DOMAIN percent AS numeric(5,2) CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE scores (id int PRIMARY KEY, p percent NOT NULL);
