CREATE TABLE metrics (host text NOT NULL, at timestamptz NOT NULL, v double precision);
CREATE TABLE metrics_archive (host text NOT NULL, at timestamptz NOT NULL, v double precision);
CREATE INDEX metrics_host ON metrics (host);
INSERT INTO metrics VALUES ('a', '2025-06-01', 1), ('b', '2025-07-01', 2);
INSERT INTO metrics_archive VALUES ('a', '2019-01-01', 0.5);
