-- The collation now also ignores accents; the domain and the columns keep using it.
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
CREATE DOMAIN ci_text AS text COLLATE ci;
CREATE TABLE logins (id int PRIMARY KEY, username ci_text NOT NULL UNIQUE, display text COLLATE ci);
