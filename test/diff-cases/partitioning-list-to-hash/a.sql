CREATE TABLE accounts (id bigint NOT NULL, region text NOT NULL, balance numeric NOT NULL DEFAULT 0, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us', 'ca');
CREATE TABLE accounts_rest PARTITION OF accounts DEFAULT;
CREATE FUNCTION accounts_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.balance := coalesce(NEW.balance, 0); RETURN NEW; END $$;
CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_touch();
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_positive ON accounts FOR SELECT USING (balance >= 0);
INSERT INTO accounts VALUES (1, 'eu', 10), (2, 'us', 20), (3, 'ca', 30), (4, 'jp', 40), (5, 'eu', 50);
