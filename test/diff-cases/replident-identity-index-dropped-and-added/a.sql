-- Identity on a unique index that goes; another table gains one on a new index.
CREATE TABLE carts (id uuid NOT NULL, user_id int NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX carts_id ON carts (id);
ALTER TABLE carts REPLICA IDENTITY USING INDEX carts_id;
CREATE TABLE cart_items (cart_id uuid NOT NULL, sku text NOT NULL, qty int NOT NULL CHECK (qty > 0));
CREATE INDEX cart_items_cart ON cart_items (cart_id);
