-- Functions take and return a domain and a composite type that columns use; a view calls one.
CREATE DOMAIN email AS varchar(50) CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (x int, y int);
CREATE TABLE users (id int PRIMARY KEY, mail email, p pair);
CREATE FUNCTION normalise(e email) RETURNS email LANGUAGE sql IMMUTABLE AS $$ SELECT lower(e)::email $$;
CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.y, p.x)::pair $$;
CREATE VIEW user_mails AS SELECT id, normalise(mail) AS mail FROM users;
