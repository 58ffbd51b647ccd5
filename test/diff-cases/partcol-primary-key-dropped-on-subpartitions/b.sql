CREATE TABLE audit_log (
  tenant int NOT NULL,
  logged_at timestamptz NOT NULL,
  seq bigint NOT NULL,
  message text,
  CONSTRAINT audit_log_tenant_seq UNIQUE (tenant, seq, logged_at)
) PARTITION BY LIST (tenant);
CREATE TABLE audit_log_t1 PARTITION OF audit_log FOR VALUES IN (1) PARTITION BY RANGE (logged_at);
CREATE TABLE audit_log_t1_2025 PARTITION OF audit_log_t1 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE audit_log_rest PARTITION OF audit_log DEFAULT;
CREATE INDEX audit_log_message ON audit_log (message);
