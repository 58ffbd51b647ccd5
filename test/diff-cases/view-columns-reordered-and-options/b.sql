CREATE TABLE people (id int PRIMARY KEY, first text, last text, secret text);
CREATE VIEW public_people WITH (security_barrier = true) AS SELECT last, first, id FROM people WHERE secret IS NULL;
CREATE VIEW updatable_people AS SELECT id, first FROM people WHERE first <> '' WITH LOCAL CHECK OPTION;
