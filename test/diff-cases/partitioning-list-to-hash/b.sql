CREATE TABLE accounts (id bigint NOT NULL, region text NOT NULL, balance numeric NOT NULL DEFAULT 0, PRIMARY KEY (id, region)) PARTITION BY HASH (id);
CREATE TABLE accounts_h0 PARTITION OF accounts FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE accounts_h1 PARTITION OF accounts FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE accounts_h2 PARTITION OF accounts FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE FUNCTION accounts_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.balance := coalesce(NEW.balance, 0); RETURN NEW; END $$;
CREATE TRIGGER accounts_touch BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_touch();
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_positive ON accounts FOR SELECT USING (balance >= 0);
INSERT INTO accounts VALUES (1, 'eu', 10), (2, 'us', 20), (3, 'ca', 30), (4, 'jp', 40), (5, 'eu', 50);
