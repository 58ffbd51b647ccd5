-- A helper used by an atomic function, a view and a trigger function.
CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL, slug text);
CREATE FUNCTION z_slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE RETURN lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g'));
CREATE FUNCTION a_post_slug(p int) RETURNS text LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT public.z_slugify(title) FROM public.posts WHERE id = p; END;
CREATE VIEW post_links AS SELECT id, '/p/' || public.z_slugify(title) AS link FROM posts;
CREATE FUNCTION b_fill_slug() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.slug := public.z_slugify(NEW.title);
  RETURN NEW;
END;
$$;
CREATE TRIGGER posts_slug BEFORE INSERT OR UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION b_fill_slug();
