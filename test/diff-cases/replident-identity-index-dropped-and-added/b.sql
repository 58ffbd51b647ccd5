CREATE TABLE carts (id uuid NOT NULL, user_id int NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (id));
ALTER TABLE carts REPLICA IDENTITY NOTHING;
CREATE TABLE cart_items (cart_id uuid NOT NULL, sku text NOT NULL, qty int NOT NULL CHECK (qty > 0));
CREATE UNIQUE INDEX cart_items_key ON cart_items (cart_id, sku);
ALTER TABLE cart_items REPLICA IDENTITY USING INDEX cart_items_key;
CREATE INDEX cart_items_cart ON cart_items (cart_id);
