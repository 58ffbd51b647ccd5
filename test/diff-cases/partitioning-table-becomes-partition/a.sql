CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text NOT NULL DEFAULT 'info', payload jsonb, PRIMARY KEY (id, at), CONSTRAINT events_kind CHECK (kind <> '')) PARTITION BY RANGE (at);
CREATE INDEX events_kind_idx ON events (kind);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- A table loaded on its own, to become the 2025 partition.
CREATE TABLE events_2025 (id int NOT NULL, at date NOT NULL, kind text DEFAULT 'info', payload jsonb, note text, CONSTRAINT events_2025_pkey PRIMARY KEY (id, at));
CREATE INDEX events_2025_kind ON events_2025 (kind);
CREATE INDEX events_2025_note ON events_2025 (note);
COMMENT ON TABLE events_2025 IS 'staged';
INSERT INTO events VALUES (1, '2024-02-02', 'info', '{}');
INSERT INTO events_2025 VALUES (2, '2025-02-02', 'warn', NULL, 'n'), (3, '2025-08-08', 'info', '[]', NULL);
