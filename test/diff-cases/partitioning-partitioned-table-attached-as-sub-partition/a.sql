CREATE TABLE root (id int NOT NULL, at date NOT NULL, kind text NOT NULL, PRIMARY KEY (id, at, kind)) PARTITION BY RANGE (at);
CREATE TABLE root_2024 PARTITION OF root FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- Loaded apart, already partitioned by kind, to become the 2025 partition.
CREATE TABLE staged (id int NOT NULL, at date NOT NULL, kind text NOT NULL, CONSTRAINT staged_pkey PRIMARY KEY (id, at, kind)) PARTITION BY LIST (kind);
CREATE TABLE staged_a PARTITION OF staged FOR VALUES IN ('a');
CREATE TABLE staged_b PARTITION OF staged FOR VALUES IN ('b');
INSERT INTO root VALUES (1, '2024-03-03', 'a');
INSERT INTO staged VALUES (2, '2025-03-03', 'a'), (3, '2025-04-04', 'b');
