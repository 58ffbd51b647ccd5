CREATE SCHEMA shared;
CREATE SCHEMA app;
CREATE COLLATION shared.posix_sort (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');
CREATE COLLATION shared.numeric_sort (provider = icu, locale = 'en-u-kn-true');
CREATE TYPE app.address AS (street text COLLATE shared.posix_sort, number text COLLATE shared.numeric_sort);
CREATE TABLE app.buildings (id int PRIMARY KEY, addr app.address, code text COLLATE shared.numeric_sort);
