-- The parent's index changes; the partition's own indexes change and one moves to the old partition.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY,
  happened_at timestamptz NOT NULL,
  actor text NOT NULL,
  payload jsonb,
  PRIMARY KEY (id, happened_at)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2025-01-01');
CREATE TABLE events_current PARTITION OF events FOR VALUES FROM ('2025-01-01') TO (MAXVALUE);
CREATE INDEX events_actor ON events (actor, happened_at);
CREATE INDEX events_current_payload ON events_current USING gin (payload jsonb_path_ops);
CREATE INDEX events_old_payload ON events_old USING gin (payload);
