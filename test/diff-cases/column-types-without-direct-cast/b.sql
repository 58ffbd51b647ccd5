CREATE TYPE status AS ENUM ('open', 'closed', 'archived');
CREATE TYPE colour AS ENUM ('red', 'green');
CREATE TABLE tickets (id int PRIMARY KEY, status status NOT NULL DEFAULT 'open', history status[], colour text, amount numeric(20,0), code text, note int);
