CREATE TABLE posts (id int PRIMARY KEY, title text, body text, views int);
INSERT INTO posts VALUES (1, 'a', 'long text', 10);
CREATE MATERIALIZED VIEW post_stats AS SELECT id, title, views FROM posts;
ALTER MATERIALIZED VIEW post_stats ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN views SET STATISTICS 300;
CREATE MATERIALIZED VIEW post_bodies AS SELECT id, body FROM posts;
ALTER MATERIALIZED VIEW post_bodies ALTER COLUMN body SET COMPRESSION pglz;
CREATE INDEX post_stats_views ON post_stats (views);
