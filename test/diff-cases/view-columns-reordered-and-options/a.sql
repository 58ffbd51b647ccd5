CREATE TABLE people (id int PRIMARY KEY, first text, last text, secret text);
CREATE VIEW public_people AS SELECT id, first, last FROM people;
