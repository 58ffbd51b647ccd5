CREATE SCHEMA inventory;
CREATE SEQUENCE inventory.item_ids AS integer START WITH 10;
CREATE TABLE inventory.items (id int PRIMARY KEY DEFAULT nextval('inventory.item_ids'), sku text NOT NULL UNIQUE);
CREATE TABLE inventory.moves (id bigint PRIMARY KEY, item_id int NOT NULL REFERENCES inventory.items, qty int NOT NULL CHECK (qty <> 0));
