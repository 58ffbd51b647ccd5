CREATE TABLE logs (id int NOT NULL, at date NOT NULL, msg text, CONSTRAINT logs_msg CHECK (msg <> '')) PARTITION BY RANGE (at);
CREATE INDEX logs_at ON logs (at);
CREATE TABLE logs_old PARTITION OF logs FOR VALUES FROM ('2000-01-01') TO ('2024-01-01');
CREATE TABLE logs_new PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2100-01-01');
GRANT SELECT ON logs_old TO pg_monitor;
INSERT INTO logs VALUES (1, '2020-01-01', 'old'), (2, '2024-05-05', 'new'), (3, '2025-05-05', 'newer');
