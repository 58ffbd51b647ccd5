CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz NOT NULL, level text NOT NULL, msg text);
CREATE INDEX logs_at ON logs (at DESC NULLS LAST) INCLUDE (level);
CREATE INDEX logs_level_lower ON logs (lower(level)) WHERE level <> 'debug';
CREATE UNIQUE INDEX logs_msg_hash ON logs USING btree (md5(msg)) WITH (fillfactor = 80);
