create table p (id int primary key, u int unique);
create table c (id int, p int references p(id), n int check (n > 0));
