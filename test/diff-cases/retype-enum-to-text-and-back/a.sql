-- Priority as an enum, with a generated column and a check reading it.
CREATE TYPE priority AS ENUM ('low', 'normal', 'high', 'urgent');
CREATE TABLE tasks (
  id int PRIMARY KEY,
  title text NOT NULL,
  prio priority NOT NULL DEFAULT 'normal',
  escalated boolean GENERATED ALWAYS AS (prio = 'urgent') STORED
);
CREATE INDEX tasks_prio ON tasks (prio, id);
