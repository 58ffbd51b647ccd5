CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL, frozen boolean NOT NULL DEFAULT false);
CREATE TABLE audit (at timestamptz NOT NULL DEFAULT now(), account_id int, delta numeric);
CREATE FUNCTION log_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit (account_id, delta) VALUES (NEW.id, NEW.balance - OLD.balance); RETURN NEW; END $$;
CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit (account_id, delta) SELECT n.id, n.balance - o.balance FROM new_rows n JOIN old_rows o USING (id); RETURN NULL; END $$;
CREATE TRIGGER accounts_balance AFTER UPDATE OF balance ON accounts FOR EACH ROW WHEN (OLD.balance IS DISTINCT FROM NEW.balance AND NOT NEW.frozen) EXECUTE FUNCTION log_balance();
CREATE TRIGGER accounts_batch AFTER UPDATE ON accounts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_batch();
