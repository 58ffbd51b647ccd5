-- Only one partition references the warehouses table and checks its rows.
CREATE TABLE warehouses (code text PRIMARY KEY, city text NOT NULL);
CREATE TABLE inventory (
  sku text NOT NULL,
  location_kind text NOT NULL,
  location text NOT NULL,
  qty int NOT NULL DEFAULT 0
) PARTITION BY LIST (location_kind);
CREATE TABLE inventory_warehouse PARTITION OF inventory (
  CONSTRAINT inventory_warehouse_location FOREIGN KEY (location) REFERENCES warehouses (code),
  CONSTRAINT inventory_warehouse_qty CHECK (qty >= 0)
) FOR VALUES IN ('warehouse');
CREATE TABLE inventory_store PARTITION OF inventory FOR VALUES IN ('store');
