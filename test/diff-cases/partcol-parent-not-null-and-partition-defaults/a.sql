-- A parent column gains NOT NULL that a partition already had; partitions have their own defaults.
CREATE TABLE shipments (
  id bigint NOT NULL,
  carrier text NOT NULL,
  weight_kg numeric,
  priority int DEFAULT 0,
  shipped_on date NOT NULL
) PARTITION BY LIST (carrier);
CREATE TABLE shipments_post PARTITION OF shipments (weight_kg NOT NULL, priority DEFAULT 1) FOR VALUES IN ('post');
CREATE TABLE shipments_courier PARTITION OF shipments (priority DEFAULT 5) FOR VALUES IN ('courier', 'express');
CREATE TABLE shipments_misc PARTITION OF shipments DEFAULT;
