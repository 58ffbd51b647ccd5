-- Generated columns on a domain and a range type that are both recreated: the domain's column is
-- computed again on the new domain; the range's expression changes with the subtype, so that
-- column is dropped and added again on the new range.
CREATE DOMAIN code AS varchar(10);
CREATE TYPE span AS RANGE (subtype = int4);
CREATE TABLE shifts (
  id int PRIMARY KEY,
  name text NOT NULL,
  starts int NOT NULL,
  ends int NOT NULL,
  tag code GENERATED ALWAYS AS (upper(name)) STORED,
  during span GENERATED ALWAYS AS (span(starts, ends)) STORED
);
CREATE INDEX shifts_tag ON shifts (tag);
INSERT INTO shifts (id, name, starts, ends) VALUES (1, 'early', 6, 14), (2, 'late', 14, 22);
CREATE VIEW shift_tags AS SELECT id, tag FROM shifts;
