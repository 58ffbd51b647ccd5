-- Two levels: by region, then by year; the middle level has its own index names.
CREATE TABLE sales (
  id bigint NOT NULL,
  region text NOT NULL,
  sold_on date NOT NULL,
  amount numeric NOT NULL,
  sku text
) PARTITION BY LIST (region);
CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu') PARTITION BY RANGE (sold_on);
CREATE TABLE sales_us PARTITION OF sales FOR VALUES IN ('us') PARTITION BY RANGE (sold_on);
CREATE TABLE sales_eu_2024 PARTITION OF sales_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales_eu_2025 PARTITION OF sales_eu FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE sales_us_2024 PARTITION OF sales_us FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales_rest PARTITION OF sales DEFAULT;
CREATE INDEX sales_sku ON sales (sku);
CREATE INDEX sales_eu_amount ON sales_eu (amount);
