create table t (a int, b int);
create index t_a on t using hash (a);
create index t_ab on t (a, b) where b > 0;
