-- The domain's base type changes and the composite is reordered: the functions are dropped and
-- created again on the new types, the view around them.
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (y int, x int);
CREATE TABLE users (id int PRIMARY KEY, mail email, p pair);
CREATE FUNCTION normalise(e email) RETURNS email LANGUAGE sql IMMUTABLE AS $$ SELECT lower(e)::email $$;
CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.y, p.x)::pair $$;
CREATE VIEW user_mails AS SELECT id, normalise(mail) AS mail FROM users;
