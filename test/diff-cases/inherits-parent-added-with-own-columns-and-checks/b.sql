CREATE TABLE accounts (id int NOT NULL, name text, CONSTRAINT accounts_id_positive CHECK (id > 0));
-- Declared here too: the columns and the check stay the table's own as well as inherited.
CREATE TABLE premium_accounts (id int NOT NULL, name text, tier text DEFAULT 'gold', PRIMARY KEY (id),
  CONSTRAINT accounts_id_positive CHECK (id > 0)) INHERITS (accounts);
INSERT INTO accounts VALUES (1, 'a');
INSERT INTO premium_accounts VALUES (2, 'b', 'silver');
