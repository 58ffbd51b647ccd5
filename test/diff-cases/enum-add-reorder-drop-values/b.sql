create type e as enum ('a', 'b', 'c', 'd', 'e');
create type f as enum ('z', 'x');
create table t (e e default 'b', f f, fs f[]);
