-- Monthly partitions of an indexed log; the indexes on them have names of their own.
CREATE TABLE access_log (
  at timestamptz NOT NULL,
  client inet NOT NULL,
  path text NOT NULL,
  status smallint NOT NULL,
  CONSTRAINT access_log_pkey PRIMARY KEY (at, client, path)
) PARTITION BY RANGE (at);
CREATE INDEX access_log_client ON access_log (client);
CREATE INDEX access_log_errors ON access_log (status) WHERE status >= 500;
CREATE TABLE access_log_2025_01 PARTITION OF access_log FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
ALTER INDEX access_log_2025_01_client_idx RENAME TO log_jan_client;
