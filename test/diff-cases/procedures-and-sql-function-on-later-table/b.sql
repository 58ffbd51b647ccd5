CREATE SCHEMA app;
CREATE TABLE app.ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION app.balance() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM app.ledger $$;
CREATE PROCEDURE app.record(amount numeric) LANGUAGE sql AS $$ INSERT INTO app.ledger (amount) VALUES (amount) $$;
