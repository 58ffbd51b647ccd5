-- A third overload calls the second; the procedure calls the new one; a second procedure calls the first.
CREATE TABLE ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int NOT NULL, amount numeric NOT NULL, memo text);
CREATE FUNCTION fmt(amount numeric) RETURNS text LANGUAGE sql IMMUTABLE RETURN to_char(amount, 'FM999G999D00');
CREATE FUNCTION fmt(amount numeric, currency text) RETURNS text LANGUAGE sql IMMUTABLE RETURN public.fmt(amount) || ' ' || currency;
CREATE FUNCTION fmt(amount numeric, currency text, negative_red boolean) RETURNS text LANGUAGE sql IMMUTABLE
  RETURN CASE WHEN negative_red AND amount < 0 THEN '(' || public.fmt(-amount, currency) || ')' ELSE public.fmt(amount, currency) END;
CREATE PROCEDURE post_entry(acc int, amt numeric) LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO public.ledger (account, amount, memo) VALUES (acc, amt, public.fmt(amt, 'EUR', true));
END;
CREATE PROCEDURE a_transfer(src int, dst int, amt numeric) LANGUAGE plpgsql AS $$
BEGIN
  CALL public.post_entry(src, -amt);
  CALL public.post_entry(dst, amt);
END;
$$;
CREATE FUNCTION a_balance(acc int) RETURNS text LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT public.fmt(coalesce(sum(amount), 0), 'EUR', true) FROM public.ledger WHERE account = acc;
END;
