CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text NOT NULL DEFAULT 'info', payload jsonb, PRIMARY KEY (id, at), CONSTRAINT events_kind CHECK (kind <> '')) PARTITION BY RANGE (at);
CREATE INDEX events_kind_idx ON events (kind);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
COMMENT ON TABLE events_2025 IS 'the 2025 partition';
INSERT INTO events VALUES (1, '2024-02-02', 'info', '{}'), (2, '2025-02-02', 'warn', NULL), (3, '2025-08-08', 'info', '[]');
