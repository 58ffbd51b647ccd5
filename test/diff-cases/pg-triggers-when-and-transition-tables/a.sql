CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL, frozen boolean NOT NULL DEFAULT false);
CREATE TABLE audit (at timestamptz NOT NULL DEFAULT now(), account_id int, delta numeric);
CREATE FUNCTION log_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit (account_id, delta) VALUES (NEW.id, NEW.balance - OLD.balance); RETURN NEW; END $$;
CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit (account_id, delta) SELECT n.id, n.balance - o.balance FROM new_rows n JOIN old_rows o USING (id); RETURN NULL; END $$;
CREATE TRIGGER accounts_balance AFTER UPDATE OF balance ON accounts FOR EACH ROW EXECUTE FUNCTION log_balance();
