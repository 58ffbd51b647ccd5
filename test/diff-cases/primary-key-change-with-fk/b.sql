create table p (id int, k int not null, constraint p_pkey primary key (id, k));
create table c (pid int, pk int, foreign key (pid, pk) references p(id, k));
