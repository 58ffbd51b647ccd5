CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL, updated_at timestamptz);
