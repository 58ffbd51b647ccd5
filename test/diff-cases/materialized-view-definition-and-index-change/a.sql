CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);
CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
CREATE UNIQUE INDEX event_counts_kind ON event_counts (kind);
CREATE MATERIALIZED VIEW kinds AS SELECT DISTINCT kind FROM events;
CREATE INDEX kinds_kind ON kinds (kind);
