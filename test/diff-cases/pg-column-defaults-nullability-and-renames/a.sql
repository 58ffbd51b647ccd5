CREATE TABLE profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  bio text DEFAULT '',
  karma int NOT NULL DEFAULT 0,
  created timestamptz DEFAULT now(),
  flags bit(4) DEFAULT B'0000'
);
CREATE INDEX profiles_created ON profiles (created);
