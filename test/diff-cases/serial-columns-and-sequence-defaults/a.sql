CREATE TABLE tickets (id serial PRIMARY KEY, code text);
