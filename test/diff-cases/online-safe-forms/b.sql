-- A primary key and a unique constraint built online, a foreign key to each, a check and NOT NULL,
-- indexes added, changed and dropped, an existing unique index adopted as a constraint, and a new
-- table whose foreign key waits for a unique constraint built online.
create table orgs (id bigint primary key, name text not null, slug text constraint orgs_slug_key unique);
comment on constraint orgs_slug_key on orgs is 'one org per slug';
create table accounts (
  id bigint primary key,
  email text not null constraint accounts_email_key unique,
  org_id bigint references orgs (id),
  org_slug text references orgs (slug),
  score int,
  nick text,
  created_at timestamptz
);
alter table accounts add constraint accounts_score_check check (score > 0);
alter table accounts add constraint accounts_nick_check check (length(nick) < 40);
create index accounts_nick_idx on accounts (lower(nick));
create index accounts_created_idx on accounts (created_at);
comment on index accounts_created_idx is 'newest first';
create table tags (id bigint primary key, org_slug text references orgs (slug));
