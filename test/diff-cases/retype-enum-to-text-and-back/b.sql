-- Priority as free text checked by a constraint; the enum is gone.
CREATE TABLE tasks (
  id int PRIMARY KEY,
  title text NOT NULL,
  prio text NOT NULL DEFAULT 'normal',
  escalated boolean GENERATED ALWAYS AS (prio = 'urgent') STORED,
  CONSTRAINT tasks_prio_known CHECK (prio IN ('low', 'normal', 'high', 'urgent'))
);
CREATE INDEX tasks_prio ON tasks (prio, id);
