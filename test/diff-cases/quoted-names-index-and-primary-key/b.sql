create table "T T" ("A" int not null default 0, "new" int not null default 1);
create index "Idx X" on "T T" ("A") where "A" > 0;
alter table "T T" add constraint "Pk Q" primary key ("A");
