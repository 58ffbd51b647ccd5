CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE customers (id bigint NOT NULL, region text NOT NULL REFERENCES regions (code), name text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('eu');
CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us', 'ca');
CREATE TABLE customers_other PARTITION OF customers DEFAULT;
CREATE INDEX customers_name ON customers (name);
