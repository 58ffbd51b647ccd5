-- Codes drawn from a function through a domain's default; a view formats them with another.
CREATE SEQUENCE code_seq;
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE RETURN 'C' || lpad(nextval('public.code_seq')::text, 6, '0');
CREATE DOMAIN code AS text DEFAULT public.next_code() CHECK (VALUE ~ '^C[0-9]{6}$');
CREATE TABLE coupons (code public.code PRIMARY KEY, percent int NOT NULL);
CREATE FUNCTION pretty(c public.code) RETURNS text LANGUAGE sql IMMUTABLE RETURN substr(c, 1, 4) || '-' || substr(c, 5);
CREATE VIEW coupon_list AS SELECT public.pretty(code) AS code, percent FROM coupons;
