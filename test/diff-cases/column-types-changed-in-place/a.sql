CREATE TABLE hosts (
  id int PRIMARY KEY,
  name varchar(200) NOT NULL,
  label varchar(50),
  note text,
  price numeric(10,2),
  net cidr,
  seen timestamp(3),
  flags bit varying(8),
  code varchar(12)
);
CREATE INDEX hosts_name ON hosts (name);
CREATE INDEX hosts_net ON hosts USING gist (net inet_ops);
CREATE VIEW host_prices AS SELECT id, price FROM hosts;
