create table ev (id int, at date, primary key (id, at)) partition by range (at);
create table ev1 partition of ev for values from ('2024-01-01') to ('2025-01-01');
create table ev2 partition of ev for values from ('2025-01-01') to ('2026-01-01');
create index ev_at on ev (at, id);
create table r (id int, at date, foreign key (id, at) references ev);
