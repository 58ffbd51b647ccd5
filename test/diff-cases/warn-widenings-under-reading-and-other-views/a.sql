CREATE TABLE articles (id int PRIMARY KEY, title varchar(200) NOT NULL, slug varchar(80) NOT NULL UNIQUE, price numeric(8,2), published timestamp(0), body text);
CREATE VIEW article_titles AS SELECT id, title FROM articles;
CREATE VIEW article_prices AS SELECT id, price FROM articles WHERE price IS NOT NULL;
CREATE INDEX articles_title ON articles (title);
