CREATE TABLE tickets (id serial PRIMARY KEY, code text, big bigserial);
CREATE SEQUENCE shared_numbers START 1000 INCREMENT 10;
CREATE TABLE receipts (n bigint NOT NULL DEFAULT nextval('shared_numbers'), note text);
