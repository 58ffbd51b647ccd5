CREATE TABLE catalog_items (sku text NOT NULL, vendor int NOT NULL, title text NOT NULL, CONSTRAINT catalog_items_pkey PRIMARY KEY (sku, vendor));
ALTER TABLE catalog_items REPLICA IDENTITY USING INDEX catalog_items_pkey;
CREATE TABLE prices (sku text NOT NULL, vendor int NOT NULL DEFAULT 0, currency char(3) NOT NULL, amount numeric NOT NULL, CONSTRAINT prices_sku_currency UNIQUE (sku, vendor, currency));
ALTER TABLE prices REPLICA IDENTITY USING INDEX prices_sku_currency;
