-- Users partitioned by country with a default partition; emails unique per country.
CREATE TABLE users (
  id bigint NOT NULL,
  country char(2) NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_pkey PRIMARY KEY (id, country)
) PARTITION BY LIST (country);
CREATE TABLE users_fr PARTITION OF users FOR VALUES IN ('FR');
CREATE TABLE users_de PARTITION OF users FOR VALUES IN ('DE', 'AT');
CREATE TABLE users_world PARTITION OF users DEFAULT;
CREATE UNIQUE INDEX users_world_email ON users_world (lower(email));
CREATE INDEX users_created ON users (created_at);
