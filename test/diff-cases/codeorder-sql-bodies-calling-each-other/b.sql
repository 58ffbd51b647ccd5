-- Another layer on top, the middle one changes body, the bottom one changes return type (dropped and recreated under its callers).
CREATE TABLE items (id int PRIMARY KEY, price numeric(10,2) NOT NULL, vat_class int NOT NULL DEFAULT 1);
CREATE FUNCTION z_vat_rate(class int) RETURNS numeric(5,3) LANGUAGE sql IMMUTABLE RETURN CASE class WHEN 1 THEN 0.2 WHEN 2 THEN 0.055 WHEN 3 THEN 0.1 ELSE 0 END;
CREATE FUNCTION m_with_vat(price numeric, class int) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN round(price * (1 + public.z_vat_rate(class)), 2)::numeric;
CREATE FUNCTION a_item_price(item int) RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT public.m_with_vat(price, vat_class) FROM public.items WHERE id = item;
END;
CREATE FUNCTION b_basket_total(ids int[]) RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT coalesce(sum(public.a_item_price(i)), 0) FROM unnest(ids) AS i;
END;
