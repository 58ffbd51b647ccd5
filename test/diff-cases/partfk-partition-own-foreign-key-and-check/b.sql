-- The check moves up to the parent; the foreign key cascades now; stores get a table and a key of their own.
CREATE TABLE warehouses (code text PRIMARY KEY, city text NOT NULL);
CREATE TABLE stores (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE inventory (
  sku text NOT NULL,
  location_kind text NOT NULL,
  location text NOT NULL,
  qty int NOT NULL DEFAULT 0,
  CONSTRAINT inventory_qty CHECK (qty >= 0)
) PARTITION BY LIST (location_kind);
CREATE TABLE inventory_warehouse PARTITION OF inventory (
  CONSTRAINT inventory_warehouse_location FOREIGN KEY (location) REFERENCES warehouses (code) ON UPDATE CASCADE
) FOR VALUES IN ('warehouse');
CREATE TABLE inventory_store PARTITION OF inventory (
  CONSTRAINT inventory_store_location FOREIGN KEY (location) REFERENCES stores (code)
) FOR VALUES IN ('store');
