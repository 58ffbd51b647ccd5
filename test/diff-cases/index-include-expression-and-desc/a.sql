CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz NOT NULL, level text NOT NULL, msg text);
CREATE INDEX logs_at ON logs (at);
