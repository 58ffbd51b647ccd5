create sequence s1 increment 2 maxvalue 1000 cycle;
create sequence s3 start 9;
create table t (id int);
