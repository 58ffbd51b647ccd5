-- Pricing helpers whose names sort against their call order.
CREATE TABLE items (id int PRIMARY KEY, price numeric(10,2) NOT NULL, vat_class int NOT NULL DEFAULT 1);
CREATE FUNCTION z_vat_rate(class int) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN CASE class WHEN 1 THEN 0.2 WHEN 2 THEN 0.055 ELSE 0 END;
CREATE FUNCTION m_with_vat(price numeric, class int) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN round(price * (1 + public.z_vat_rate(class)), 2);
CREATE FUNCTION a_item_price(item int) RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT public.m_with_vat(price, vat_class) FROM public.items WHERE id = item;
END;
