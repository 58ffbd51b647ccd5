create table p (id int, k int, constraint p_pkey primary key (id));
create table c (pid int references p(id));
