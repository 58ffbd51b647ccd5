-- A domain whose CHECK calls a function that calls another (SQL-standard bodies), used by a table.
CREATE FUNCTION zz_digits_only(s text) RETURNS boolean LANGUAGE sql IMMUTABLE
  RETURN s ~ '^[0-9]+$';
CREATE FUNCTION yy_valid_phone(s text) RETURNS boolean LANGUAGE sql IMMUTABLE
  RETURN length(s) >= 6 AND length(s) <= 15 AND public.zz_digits_only(s);
CREATE DOMAIN a_phone AS text CONSTRAINT a_phone_valid CHECK (public.yy_valid_phone(VALUE));
CREATE DOMAIN b_mobile AS public.a_phone CONSTRAINT b_mobile_prefix CHECK (VALUE LIKE '0%');
CREATE TABLE contacts (id int PRIMARY KEY, name text NOT NULL, phone public.a_phone, mobile public.b_mobile);
CREATE FUNCTION aa_contact_phone(c int) RETURNS public.a_phone LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT phone FROM public.contacts WHERE id = c; END;
