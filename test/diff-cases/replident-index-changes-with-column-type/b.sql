CREATE TABLE sessions (token uuid NOT NULL, user_id bigint NOT NULL, started_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX sessions_token ON sessions (token);
ALTER TABLE sessions REPLICA IDENTITY USING INDEX sessions_token;
CREATE TABLE session_events (token text NOT NULL, seq bigint NOT NULL, kind text NOT NULL);
CREATE UNIQUE INDEX session_events_key ON session_events (token, seq);
ALTER TABLE session_events REPLICA IDENTITY USING INDEX session_events_key;
