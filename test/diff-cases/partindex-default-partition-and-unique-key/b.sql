-- A unique constraint on the parent; the default partition keeps its own expression index; a new partition.
CREATE TABLE users (
  id bigint NOT NULL,
  country char(2) NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_pkey PRIMARY KEY (id, country),
  CONSTRAINT users_email_key UNIQUE (email, country)
) PARTITION BY LIST (country);
CREATE TABLE users_fr PARTITION OF users FOR VALUES IN ('FR');
CREATE TABLE users_de PARTITION OF users FOR VALUES IN ('DE', 'AT');
CREATE TABLE users_it PARTITION OF users FOR VALUES IN ('IT');
CREATE TABLE users_world PARTITION OF users DEFAULT;
CREATE UNIQUE INDEX users_world_email ON users_world (lower(email));
CREATE INDEX users_world_created ON users_world (created_at);
CREATE INDEX users_created ON users (created_at);
