-- An overloaded formatter, a procedure calling it.
CREATE TABLE ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int NOT NULL, amount numeric NOT NULL, memo text);
CREATE FUNCTION fmt(amount numeric) RETURNS text LANGUAGE sql IMMUTABLE RETURN to_char(amount, 'FM999G999D00');
CREATE FUNCTION fmt(amount numeric, currency text) RETURNS text LANGUAGE sql IMMUTABLE RETURN public.fmt(amount) || ' ' || currency;
CREATE PROCEDURE post_entry(acc int, amt numeric) LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO public.ledger (account, amount, memo) VALUES (acc, amt, public.fmt(amt));
END;
