CREATE SCHEMA i18n;
CREATE COLLATION i18n.german (provider = icu, locale = 'de-DE', deterministic = false);
CREATE COLLATION i18n.plain (provider = libc, lc_collate = 'C', lc_ctype = 'C');
COMMENT ON COLLATION i18n.plain IS 'byte order';
CREATE COLLATION i18n.caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE DOMAIN i18n.name AS text COLLATE i18n.caseless;
CREATE TABLE i18n.words (w text, x text COLLATE i18n.plain, y i18n.name, z varchar(20) COLLATE i18n.german);
CREATE INDEX words_z ON i18n.words (z);
