create table ev (id int, at date, primary key (id, at)) partition by range (at);
create table ev1 partition of ev for values from ('2024-01-01') to ('2025-01-01');
create index ev_at on ev (at);
