CREATE TABLE posts (id int PRIMARY KEY, title text, body text, views int);
INSERT INTO posts VALUES (1, 'a', 'long text', 10);
-- Kept: its settings change in place.
CREATE MATERIALIZED VIEW post_stats AS SELECT id, title, views FROM posts;
ALTER MATERIALIZED VIEW post_stats ALTER COLUMN title SET STORAGE EXTERNAL, ALTER COLUMN title SET COMPRESSION lz4, ALTER COLUMN id SET STATISTICS 50;
-- Recreated (its query changes): its settings are set again on the new one.
CREATE MATERIALIZED VIEW post_bodies AS SELECT id, body, title FROM posts WHERE views > 0;
ALTER MATERIALIZED VIEW post_bodies ALTER COLUMN body SET COMPRESSION pglz, ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE MATERIALIZED VIEW post_titles AS SELECT id, title FROM posts;
ALTER MATERIALIZED VIEW post_titles ALTER COLUMN title SET STATISTICS 10;
CREATE INDEX post_stats_views ON post_stats (views);
