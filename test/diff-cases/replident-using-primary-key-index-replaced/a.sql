-- Identity on the primary key's index and on a unique constraint's index; both constraints change.
CREATE TABLE catalog_items (sku text NOT NULL, vendor int NOT NULL, title text NOT NULL, CONSTRAINT catalog_items_pkey PRIMARY KEY (sku));
ALTER TABLE catalog_items REPLICA IDENTITY USING INDEX catalog_items_pkey;
CREATE TABLE prices (sku text NOT NULL REFERENCES catalog_items (sku), currency char(3) NOT NULL, amount numeric NOT NULL, CONSTRAINT prices_sku_currency UNIQUE (sku, currency));
ALTER TABLE prices REPLICA IDENTITY USING INDEX prices_sku_currency;
