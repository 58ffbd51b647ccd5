CREATE TABLE sessions (token text PRIMARY KEY, user_id int NOT NULL, expires timestamptz NOT NULL) WITH (fillfactor = 90);
CREATE UNLOGGED TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL, payload jsonb) WITH (toast_tuple_target = 256, autovacuum_vacuum_scale_factor = 0.05);
CREATE INDEX events_kind ON events (kind);
