CREATE SCHEMA i18n;
CREATE COLLATION i18n.german (provider = icu, locale = 'de-DE');
CREATE COLLATION i18n.plain (provider = libc, lc_collate = 'C', lc_ctype = 'C');
CREATE COLLATION i18n.legacy (provider = libc, locale = 'POSIX');
COMMENT ON COLLATION i18n.legacy IS 'old sort order';
CREATE TABLE i18n.words (w text COLLATE i18n.german, x text, z varchar(20) COLLATE i18n.german);
CREATE INDEX words_z ON i18n.words (z);
