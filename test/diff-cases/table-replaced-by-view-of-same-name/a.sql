CREATE TABLE people (id int PRIMARY KEY, first text NOT NULL, last text NOT NULL);
CREATE TABLE names (id int PRIMARY KEY, full_name text);
COMMENT ON TABLE names IS 'denormalised';
CREATE VIEW name_list AS SELECT full_name FROM names;
CREATE MATERIALIZED VIEW name_count AS SELECT count(*) AS n FROM names;
