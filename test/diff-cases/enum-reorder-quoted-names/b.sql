create schema "S p";
create type "S p"."My Type" as enum ('b', 'a');
create table "S p"."T" ("c" "S p"."My Type" default 'a');
