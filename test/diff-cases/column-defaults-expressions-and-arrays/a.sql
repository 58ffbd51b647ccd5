CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tags text[], meta jsonb);
