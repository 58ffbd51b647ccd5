CREATE SCHEMA crypto;
CREATE EXTENSION pgcrypto SCHEMA crypto;
CREATE TABLE secrets (id int PRIMARY KEY, pw_hash text NOT NULL, salt text DEFAULT crypto.gen_salt('md5'), digest bytea GENERATED ALWAYS AS (crypto.digest(pw_hash, 'sha256')) STORED);
CREATE FUNCTION check_password(p_id int, p_pw text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT pw_hash = crypto.crypt(p_pw, pw_hash) FROM secrets WHERE id = p_id $$;
