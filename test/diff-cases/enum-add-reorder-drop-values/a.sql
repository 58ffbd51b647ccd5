create type e as enum ('b', 'd');
create type f as enum ('x', 'y', 'z');
create table t (e e default 'b', f f, fs f[]);
create type gone as enum ('q');
