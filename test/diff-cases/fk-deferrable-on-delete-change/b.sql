create table p (id int primary key);
create table c (pid int references p(id) on delete cascade deferrable initially deferred);
