CREATE TABLE metrics (host text NOT NULL, at timestamptz NOT NULL, v double precision) PARTITION BY RANGE (at);
CREATE TABLE metrics_archive PARTITION OF metrics FOR VALUES FROM (MINVALUE) TO ('2020-01-01');
CREATE TABLE metrics_current PARTITION OF metrics FOR VALUES FROM ('2020-01-01') TO (MAXVALUE);
CREATE INDEX metrics_host ON metrics (host);
INSERT INTO metrics VALUES ('a', '2025-06-01', 1), ('b', '2025-07-01', 2), ('a', '2019-01-01', 0.5);
