CREATE TABLE sales (id int NOT NULL, at date NOT NULL, region text NOT NULL, amount numeric, PRIMARY KEY (id, at, region)) PARTITION BY RANGE (at);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales_2025 PARTITION OF sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE VIEW sales_2024_eu AS SELECT id, amount FROM sales_2024 WHERE region = 'eu';
INSERT INTO sales VALUES (1, '2024-01-05', 'eu', 10), (2, '2024-06-05', 'us', 20), (3, '2025-01-05', 'eu', 30);
