CREATE SCHEMA accounts;
CREATE COLLATION accounts.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE accounts.users (id int PRIMARY KEY, login text COLLATE accounts.ci NOT NULL, display text);
CREATE UNIQUE INDEX users_login ON accounts.users (login);
CREATE DOMAIN accounts.handle AS text COLLATE accounts.ci CHECK (VALUE <> '');
CREATE TABLE accounts.aliases (user_id int REFERENCES accounts.users, alias accounts.handle NOT NULL);
