CREATE TABLE sales (id int NOT NULL, at date NOT NULL, amount numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX sales_amount ON sales (amount);
CREATE TABLE sales_2025 PARTITION OF sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE archive (id int NOT NULL, at date NOT NULL, amount numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX archive_amount ON archive (amount);
CREATE TABLE sales_2024 PARTITION OF archive FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE lists (code text NOT NULL, v int) PARTITION BY LIST (code);
CREATE TABLE lists_ab PARTITION OF lists FOR VALUES IN ('a', 'b', 'c');
