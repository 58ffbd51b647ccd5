CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id bigserial PRIMARY KEY, author_id int NOT NULL REFERENCES authors, edition smallserial, title text NOT NULL);
CREATE VIEW book_titles AS SELECT b.id, b.title, a.name AS author FROM books b JOIN authors a ON a.id = b.author_id;
