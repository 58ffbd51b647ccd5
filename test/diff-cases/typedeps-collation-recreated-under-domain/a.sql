-- A case-insensitive collation used by a domain and by a column through the domain.
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE DOMAIN ci_text AS text COLLATE ci;
CREATE TABLE logins (id int PRIMARY KEY, username ci_text NOT NULL UNIQUE, display text COLLATE ci);
