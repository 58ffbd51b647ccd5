create schema app;
create schema audit;
create type app.mood as enum ('sad', 'ok', 'happy');
create table audit.actors (id integer primary key);
create table app.users (
  id bigint generated always as identity (start with 100 increment by 5) primary key,
  email text collate "C" not null,
  mood app.mood default 'ok',
  email_lower text generated always as (lower(email)) stored,
  actor_id integer references audit.actors (id) on delete cascade deferrable initially deferred
);
alter table app.users add constraint users_email_check check (email like '%@%') not valid;
create sequence app.ticket_seq as integer start 7 cache 10;
create table app.tickets (id integer not null default nextval('app.ticket_seq'), title text);
alter sequence app.ticket_seq owned by app.tickets.id;
create index users_active_idx on app.users (email) where mood <> 'sad';
create index users_lower_idx on app.users using btree (lower(email));
create table app.events (id bigserial, at date not null, primary key (id, at)) partition by range (at);
create table app.events_2024 partition of app.events for values from ('2024-01-01') to ('2025-01-01');
create table app.events_default partition of app.events default;
create table app.base (id integer, note text);
create table app.child (extra text) inherits (app.base);
create unlogged table app.scratch (id integer) with (fillfactor = 70, autovacuum_enabled = false);
create schema "Odd ""Sch"""; create table "Odd ""Sch"""."we ird" ("Col A" int, "b""c" text);
