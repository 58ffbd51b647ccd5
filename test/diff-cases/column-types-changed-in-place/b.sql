CREATE TABLE hosts (
  id int PRIMARY KEY,
  name text NOT NULL,
  label varchar(80),
  note varchar,
  price numeric(10,2),
  net inet,
  seen timestamp(6),
  flags bit varying(16),
  code varchar
);
CREATE INDEX hosts_name ON hosts (name);
CREATE INDEX hosts_net ON hosts USING gist (net inet_ops);
CREATE VIEW host_prices AS SELECT id, price FROM hosts;
