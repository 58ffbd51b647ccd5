-- The helper and everything calling it go; the view stays, reading the column instead.
CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL, slug text);
CREATE VIEW post_links AS SELECT id, '/p/' || slug AS link FROM posts;
