create table p (id int primary key, u int);
alter table p add constraint p_u_key unique (u, id);
create table c (id int, p int, n int);
alter table c add constraint c_p_fkey foreign key (p) references p(id) not valid;
alter table c add constraint c_n_check check (n >= 0);
