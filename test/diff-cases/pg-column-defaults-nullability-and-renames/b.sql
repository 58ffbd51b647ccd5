CREATE TABLE profiles (
  id uuid PRIMARY KEY,
  username text NOT NULL DEFAULT 'anon' || floor(random() * 1000)::int,
  bio text,
  karma bigint NOT NULL DEFAULT 10,
  created_at timestamptz NOT NULL DEFAULT statement_timestamp(),
  flags bit(4) NOT NULL DEFAULT B'1010'
);
CREATE INDEX profiles_created ON profiles (created_at);
