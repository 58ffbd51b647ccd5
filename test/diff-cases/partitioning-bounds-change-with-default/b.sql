CREATE TABLE readings (sensor int NOT NULL, at date NOT NULL, value real) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2026-01-01');
CREATE TABLE readings_other PARTITION OF readings DEFAULT;
CREATE INDEX readings_sensor ON readings (sensor);
CREATE TABLE codes (code text NOT NULL, label text) PARTITION BY LIST (code);
CREATE TABLE codes_ab PARTITION OF codes FOR VALUES IN ('a', 'b', 'c');
CREATE TABLE codes_rest PARTITION OF codes DEFAULT;
INSERT INTO readings VALUES (1, '2024-04-04', 1.5), (2, '2030-01-01', 2.5);
INSERT INTO codes VALUES ('a', 'A'), ('z', 'Z');
