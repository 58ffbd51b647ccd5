CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100), opened timestamptz NOT NULL DEFAULT now(), title text NOT NULL, done boolean NOT NULL DEFAULT false, title_len int GENERATED ALWAYS AS (length(title)) STORED, PRIMARY KEY (id)) PARTITION BY HASH (id);
CREATE TABLE tickets_0 PARTITION OF tickets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE tickets_1 PARTITION OF tickets FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE watchers (ticket bigint REFERENCES tickets, who text);
INSERT INTO tickets (title, done) VALUES ('a', false), ('b', true), ('c', false);
INSERT INTO watchers VALUES (100, 'ann'), (102, 'bob');
