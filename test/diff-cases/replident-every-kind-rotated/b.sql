-- Each table moves to another kind.
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX accounts_owner ON accounts (owner, id);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_owner;
CREATE TABLE transfers (id bigint PRIMARY KEY, source int NOT NULL REFERENCES accounts (id), target int NOT NULL REFERENCES accounts (id), amount numeric NOT NULL);
ALTER TABLE transfers REPLICA IDENTITY NOTHING;
CREATE TABLE audit_trail (at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);
ALTER TABLE audit_trail REPLICA IDENTITY FULL;
CREATE TABLE holders (account_id int NOT NULL REFERENCES accounts (id), person text NOT NULL, since date NOT NULL);
CREATE UNIQUE INDEX holders_account_person ON holders (account_id, person);
