CREATE TABLE orders (id int PRIMARY KEY, status varchar(20) NOT NULL, amount numeric(10,2));
CREATE TABLE orders_log (id int, status text, at timestamptz DEFAULT now());
CREATE VIEW open_orders AS SELECT id, status, amount FROM orders WHERE status = 'open' OR status = 'pending';
CREATE RULE orders_log_insert AS ON INSERT TO orders DO ALSO INSERT INTO orders_log (id, status) VALUES (NEW.id, NEW.status);
CREATE RULE orders_log_update AS ON UPDATE TO orders WHERE NEW.status IS DISTINCT FROM OLD.status DO ALSO INSERT INTO orders_log (id, status) VALUES (NEW.id, NEW.status);
ALTER TABLE orders DISABLE RULE orders_log_update;
CREATE RULE open_orders_delete AS ON DELETE TO open_orders DO INSTEAD UPDATE orders SET status = 'cancelled' WHERE id = OLD.id;
COMMENT ON RULE open_orders_delete ON open_orders IS 'cancel instead of delete';
