create table c (n int);
alter table c add constraint c_n_check check (n > 0);
