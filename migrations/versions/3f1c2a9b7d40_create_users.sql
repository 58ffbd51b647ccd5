-- create users
--
-- revision: 3f1c2a9b7d40
-- down_revision:
-- branch_labels:
-- depends_on:
-- create_date: 2026-11-24 09:00:00
-- transaction: true

-- migrate:upgrade
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:downgrade
DROP TABLE users;
