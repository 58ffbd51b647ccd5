CREATE TABLE balances (id int PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION check_total() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
