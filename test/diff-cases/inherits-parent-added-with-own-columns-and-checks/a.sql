CREATE TABLE accounts (id int NOT NULL, name text, CONSTRAINT accounts_id_positive CHECK (id > 0));
CREATE TABLE premium_accounts (id int NOT NULL, name text, tier text DEFAULT 'gold', PRIMARY KEY (id));
INSERT INTO accounts VALUES (1, 'a');
INSERT INTO premium_accounts VALUES (2, 'b', 'silver');
