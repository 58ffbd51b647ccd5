CREATE FUNCTION z_is_even(n int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n % 2 = 0;
CREATE DOMAIN even_int AS int CONSTRAINT even_int_check CHECK (public.z_is_even(VALUE));
CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL, lot even_int);
CREATE FUNCTION z_base() RETURNS int LANGUAGE sql IMMUTABLE RETURN 10;
CREATE FUNCTION a_doubled() RETURNS int LANGUAGE sql IMMUTABLE RETURN public.z_base() * 2;
CREATE FUNCTION y_item_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(price) FROM public.items; END;
CREATE FUNCTION b_total_plus() RETURNS bigint LANGUAGE sql STABLE RETURN public.y_item_total() + public.a_doubled();
