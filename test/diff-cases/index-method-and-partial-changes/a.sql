create table t (a int, b int);
create index t_a on t (a);
create index t_b on t (b);
