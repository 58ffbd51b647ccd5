CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100), opened timestamptz NOT NULL DEFAULT now(), title text NOT NULL, done boolean NOT NULL DEFAULT false, title_len int GENERATED ALWAYS AS (length(title)) STORED, PRIMARY KEY (id));
CREATE TABLE watchers (ticket bigint REFERENCES tickets, who text);
INSERT INTO tickets (title, done) VALUES ('a', false), ('b', true), ('c', false);
INSERT INTO watchers VALUES (100, 'ann'), (102, 'bob');
