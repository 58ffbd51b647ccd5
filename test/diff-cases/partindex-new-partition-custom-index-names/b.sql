-- A new partition under the indexed parent, its indexes and key renamed; January's index renamed again.
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
ALTER INDEX access_log_2025_01_client_idx RENAME TO access_log_jan_client;
CREATE TABLE access_log_2025_02 PARTITION OF access_log FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
ALTER INDEX access_log_2025_02_client_idx RENAME TO log_feb_client;
ALTER TABLE access_log_2025_02 RENAME CONSTRAINT access_log_2025_02_pkey TO log_feb_pkey;
CREATE TABLE access_log_2025_03 PARTITION OF access_log FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
