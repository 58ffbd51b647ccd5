create schema c;
create table c.t (id int primary key);
create table c.r (t int references c.t);
