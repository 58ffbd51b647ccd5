-- Existing tables that the online split changes in every way it knows (see core/diff/online.ts).
create table orgs (id bigint, name text, slug text);
create table accounts (id bigint primary key, email text, org_id bigint, org_slug text, score int, nick text);
create index accounts_score_idx on accounts (score);
comment on index accounts_score_idx is 'by score';
create index accounts_nick_idx on accounts (nick);
create unique index accounts_email_key on accounts (email);
alter table accounts add constraint accounts_score_check check (score > 0) not valid;
