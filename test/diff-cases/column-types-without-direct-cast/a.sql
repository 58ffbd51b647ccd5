CREATE TYPE status_v1 AS ENUM ('open', 'closed');
CREATE TYPE colour AS ENUM ('red', 'green');
CREATE TABLE tickets (id int PRIMARY KEY, status status_v1 NOT NULL DEFAULT 'open', history status_v1[], colour colour, amount bigint, code int, note text);
