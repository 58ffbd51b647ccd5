-- The unique index gains a column: recreated, with the partitions' own names kept.
CREATE TABLE accounts (
  id bigint NOT NULL,
  handle text NOT NULL,
  email text,
  deleted boolean NOT NULL DEFAULT false
) PARTITION BY HASH (id);
CREATE TABLE accounts_p0 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE accounts_p1 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE UNIQUE INDEX accounts_p0_handle ON accounts_p0 (id, handle, deleted);
CREATE UNIQUE INDEX accounts_p1_handle ON accounts_p1 (id, handle, deleted);
CREATE UNIQUE INDEX accounts_handle ON accounts (id, handle, deleted);
CREATE INDEX accounts_email ON accounts (lower(email)) WHERE NOT deleted;
