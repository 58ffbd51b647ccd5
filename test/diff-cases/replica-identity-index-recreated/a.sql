CREATE TABLE accounts (id int NOT NULL, email varchar(100) NOT NULL, region text NOT NULL);
CREATE UNIQUE INDEX accounts_email ON accounts (email);
ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email;
CREATE TABLE members (id int NOT NULL, org int NOT NULL, CONSTRAINT members_key UNIQUE (id));
ALTER TABLE members REPLICA IDENTITY USING INDEX members_key;
CREATE TABLE seats (id int NOT NULL, n int NOT NULL);
CREATE UNIQUE INDEX seats_id ON seats (id);
ALTER TABLE seats REPLICA IDENTITY USING INDEX seats_id;
