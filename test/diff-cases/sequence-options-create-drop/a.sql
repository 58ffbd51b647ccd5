create sequence s1;
create sequence s2 as integer;
create table t (id serial);
