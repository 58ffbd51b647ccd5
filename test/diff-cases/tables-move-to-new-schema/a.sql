create schema a;
create table a.t (id int primary key);
create schema b;
create table b.r (t int references a.t);
