CREATE SCHEMA util;
CREATE FUNCTION util.slugify(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(regexp_replace(s, '\W+', '-', 'g')) $$;
