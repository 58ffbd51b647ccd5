CREATE SCHEMA shared;
CREATE SCHEMA app;
CREATE COLLATION app.numeric_sort (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION shared.posix_sort (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');
COMMENT ON COLLATION shared.posix_sort IS 'ASCII order, as the old system sorted';
CREATE TYPE app.address AS (street text COLLATE shared.posix_sort, number text COLLATE app.numeric_sort);
CREATE TABLE app.buildings (id int PRIMARY KEY, addr app.address, code text COLLATE app.numeric_sort);
