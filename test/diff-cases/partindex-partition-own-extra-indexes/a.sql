-- Hot partition with extra indexes of its own next to the parent's.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY,
  happened_at timestamptz NOT NULL,
  actor text NOT NULL,
  payload jsonb,
  PRIMARY KEY (id, happened_at)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2025-01-01');
CREATE TABLE events_current PARTITION OF events FOR VALUES FROM ('2025-01-01') TO (MAXVALUE);
CREATE INDEX events_actor ON events (actor);
CREATE INDEX events_current_payload ON events_current USING gin (payload);
CREATE INDEX events_current_recent ON events_current (happened_at) WHERE actor <> 'system';
