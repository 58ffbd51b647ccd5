create table t (a text);
create index t_a on t (a);
