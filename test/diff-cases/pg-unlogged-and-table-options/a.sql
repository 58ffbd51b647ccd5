CREATE UNLOGGED TABLE sessions (token text PRIMARY KEY, user_id int NOT NULL, expires timestamptz NOT NULL) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL, payload jsonb);
CREATE INDEX events_kind ON events (kind);
