create table "T T" ("A" int);
