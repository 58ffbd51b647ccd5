CREATE TABLE logs (id int NOT NULL, at date NOT NULL, msg text, CONSTRAINT logs_msg CHECK (msg <> ''));
CREATE INDEX logs_at ON logs (at);
-- The old partition lives on as an archive table of its own.
CREATE TABLE logs_old (id int NOT NULL, at date NOT NULL, msg text, CONSTRAINT logs_msg CHECK (msg <> ''));
CREATE INDEX logs_old_at_idx ON logs_old (at);
GRANT SELECT ON logs_old TO pg_monitor;
INSERT INTO logs VALUES (2, '2024-05-05', 'new'), (3, '2025-05-05', 'newer');
INSERT INTO logs_old VALUES (1, '2020-01-01', 'old');
