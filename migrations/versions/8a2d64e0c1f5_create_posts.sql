-- create posts
--
-- revision: 8a2d64e0c1f5
-- down_revision: 3f1c2a9b7d40
-- branch_labels:
-- depends_on:
-- create_date: 2026-11-24 09:10:00
-- transaction: true

-- migrate:upgrade
CREATE TABLE posts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  published_at timestamptz
);
CREATE INDEX posts_author_id_idx ON posts (author_id);

-- migrate:downgrade
DROP TABLE posts;
