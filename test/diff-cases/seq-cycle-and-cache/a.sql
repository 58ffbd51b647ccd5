CREATE SEQUENCE ring_slots AS smallint MINVALUE 1 MAXVALUE 64 CYCLE;
CREATE SEQUENCE batch_ids CACHE 50;
CREATE TABLE ring (slot smallint PRIMARY KEY DEFAULT nextval('ring_slots'), payload bytea);
CREATE TABLE batches (id bigint PRIMARY KEY DEFAULT nextval('batch_ids'), started_at timestamptz NOT NULL DEFAULT now());
