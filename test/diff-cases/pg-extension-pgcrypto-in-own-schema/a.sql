CREATE SCHEMA crypto;
CREATE EXTENSION pgcrypto SCHEMA crypto;
CREATE TABLE secrets (id int PRIMARY KEY, pw_hash text NOT NULL, salt text DEFAULT crypto.gen_salt('bf'));
