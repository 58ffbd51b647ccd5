CREATE TYPE priority AS ENUM ('low', 'medium', 'high');
CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL, priority priority NOT NULL DEFAULT 'low');
CREATE INDEX tasks_priority ON tasks (priority);
CREATE VIEW urgent AS SELECT id, title FROM tasks WHERE priority = 'high';
CREATE VIEW titles AS SELECT id, title FROM tasks;
