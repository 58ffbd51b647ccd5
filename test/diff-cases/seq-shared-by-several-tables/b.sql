CREATE SCHEMA ledger;
CREATE SEQUENCE ledger.entry_ids AS bigint START WITH 1 INCREMENT BY 10 CACHE 20;
CREATE TABLE ledger.debits (id bigint PRIMARY KEY DEFAULT nextval('ledger.entry_ids'), account text NOT NULL, amount numeric(14,2) NOT NULL);
CREATE TABLE ledger.credits (id bigint PRIMARY KEY DEFAULT nextval('ledger.entry_ids'), account text NOT NULL, amount numeric(14,2) NOT NULL);
CREATE TABLE ledger.adjustments (id bigint PRIMARY KEY, reason text);
CREATE TABLE ledger.transfers (id bigint PRIMARY KEY DEFAULT nextval('ledger.entry_ids'), debit_id bigint REFERENCES ledger.debits, credit_id bigint REFERENCES ledger.credits);
CREATE VIEW ledger.entries AS SELECT id, account, amount FROM ledger.debits UNION ALL SELECT id, account, -amount FROM ledger.credits;
