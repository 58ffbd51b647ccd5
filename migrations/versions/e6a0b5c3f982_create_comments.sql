-- create comments
--
-- revision: e6a0b5c3f982
-- down_revision: 5b90f3d8e217
-- branch_labels:
-- depends_on:
-- create_date: 2026-11-24 09:40:00
-- transaction: true

-- migrate:upgrade
CREATE TABLE comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  author_id bigint REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(body) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_post_id_idx ON comments (post_id, created_at);
-- Deleting a user sets author_id to NULL in their comments: without this index, a scan of comments.
CREATE INDEX comments_author_id_idx ON comments (author_id);

-- migrate:downgrade
DROP TABLE comments;
