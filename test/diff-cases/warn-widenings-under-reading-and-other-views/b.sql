CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL, slug varchar(120) NOT NULL UNIQUE, price numeric(12,2), published timestamp(3), body text);
CREATE VIEW article_titles AS SELECT id, title FROM articles;
CREATE VIEW article_prices AS SELECT id, price FROM articles WHERE price IS NOT NULL;
CREATE INDEX articles_title ON articles (title);
