-- A quantity column read by a view, an expression index, a check, a generated column and a default.
CREATE TABLE stock (
  sku text PRIMARY KEY,
  qty int NOT NULL DEFAULT 0 CHECK (qty >= 0),
  unit_price numeric(8,2) NOT NULL,
  value numeric GENERATED ALWAYS AS (qty * unit_price) STORED
);
CREATE INDEX stock_low ON stock ((qty < 10)) WHERE qty < 10;
CREATE VIEW stock_value AS SELECT sku, qty, value FROM stock;
CREATE VIEW low_stock AS SELECT sku FROM stock_value WHERE qty < 10;
