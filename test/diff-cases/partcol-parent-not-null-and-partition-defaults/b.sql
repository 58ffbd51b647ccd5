CREATE TABLE shipments (
  id bigint NOT NULL,
  carrier text NOT NULL,
  weight_kg numeric NOT NULL,
  priority int DEFAULT 2,
  shipped_on date NOT NULL
) PARTITION BY LIST (carrier);
CREATE TABLE shipments_post PARTITION OF shipments (priority DEFAULT 1) FOR VALUES IN ('post');
CREATE TABLE shipments_courier PARTITION OF shipments FOR VALUES IN ('courier', 'express');
CREATE TABLE shipments_misc PARTITION OF shipments (priority DEFAULT 9) FOR VALUES IN ('misc');
