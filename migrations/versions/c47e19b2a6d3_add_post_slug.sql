-- add post slug
--
-- revision: c47e19b2a6d3
-- down_revision: 8a2d64e0c1f5
-- branch_labels:
-- depends_on:
-- create_date: 2026-11-24 09:20:00
-- transaction: true

-- migrate:upgrade
ALTER TABLE posts ADD COLUMN slug text;

-- migrate:downgrade
ALTER TABLE posts DROP COLUMN slug;
