CREATE TABLE people (id int PRIMARY KEY, first text NOT NULL, last text NOT NULL);
CREATE VIEW names AS SELECT id, first || ' ' || last AS full_name FROM people;
COMMENT ON VIEW names IS 'computed';
CREATE VIEW name_list AS SELECT full_name FROM names;
CREATE MATERIALIZED VIEW name_count AS SELECT count(*) AS n FROM names;
