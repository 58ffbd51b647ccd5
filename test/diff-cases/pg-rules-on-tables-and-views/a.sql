CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, amount numeric(10,2));
CREATE TABLE orders_log (id int, status text, at timestamptz DEFAULT now());
CREATE VIEW open_orders AS SELECT id, status, amount FROM orders WHERE status = 'open';
CREATE RULE orders_log_insert AS ON INSERT TO orders DO ALSO INSERT INTO orders_log (id, status) VALUES (NEW.id, NEW.status);
CREATE RULE open_orders_delete AS ON DELETE TO open_orders DO INSTEAD UPDATE orders SET status = 'cancelled' WHERE id = OLD.id;
CREATE RULE orders_protect AS ON DELETE TO orders WHERE OLD.status = 'paid' DO INSTEAD NOTHING;
