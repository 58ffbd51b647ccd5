-- Functions whose parameters and results are a domain and a composite type; the domain's CHECK calls a function.
CREATE FUNCTION z_is_positive(n int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN n > 0;
CREATE DOMAIN a_weight AS int CONSTRAINT a_weight_positive CHECK (public.z_is_positive(VALUE));
CREATE TYPE b_parcel AS (weight public.a_weight, dest text);
CREATE FUNCTION c_heavier(w public.a_weight, by_g int) RETURNS public.a_weight LANGUAGE sql IMMUTABLE RETURN (w + by_g)::public.a_weight;
CREATE TABLE shipments (id int PRIMARY KEY, weight_g public.a_weight NOT NULL, dest text NOT NULL);
CREATE FUNCTION d_parcel_of(id int) RETURNS public.b_parcel LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT ROW(weight_g, dest)::public.b_parcel FROM public.shipments s WHERE s.id = d_parcel_of.id; END;
CREATE FUNCTION e_label(p public.b_parcel) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN p.dest || ' (' || p.weight || ' g)';
END;
$$;
CREATE VIEW labels AS SELECT id, public.e_label(public.d_parcel_of(id)) AS label FROM shipments;
