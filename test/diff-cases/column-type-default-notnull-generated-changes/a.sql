create table t (a int, b text, c int not null default 1, d int, e varchar(10), g int generated always as (a*2) stored, i int);
