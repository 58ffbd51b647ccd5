-- Invoices and their lines, both partitioned by year; lines reference a plain products table.
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (
  id bigint NOT NULL,
  year int NOT NULL,
  customer text NOT NULL,
  PRIMARY KEY (id, year)
) PARTITION BY LIST (year);
CREATE TABLE invoices_2024 PARTITION OF invoices FOR VALUES IN (2024);
CREATE TABLE invoices_2025 PARTITION OF invoices FOR VALUES IN (2025);
CREATE TABLE invoice_lines (
  invoice_id bigint NOT NULL,
  year int NOT NULL,
  line int NOT NULL,
  product_id int NOT NULL,
  qty int NOT NULL,
  PRIMARY KEY (invoice_id, year, line),
  CONSTRAINT invoice_lines_product FOREIGN KEY (product_id) REFERENCES products (id)
) PARTITION BY LIST (year);
CREATE TABLE invoice_lines_2024 PARTITION OF invoice_lines FOR VALUES IN (2024);
CREATE TABLE invoice_lines_2025 PARTITION OF invoice_lines FOR VALUES IN (2025);
CREATE TABLE refunds (id int PRIMARY KEY, invoice_id bigint NOT NULL, year int NOT NULL);
