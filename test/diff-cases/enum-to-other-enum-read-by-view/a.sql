CREATE TYPE priority_old AS ENUM ('low', 'high');
CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL, priority priority_old NOT NULL DEFAULT 'low');
CREATE INDEX tasks_priority ON tasks (priority);
CREATE VIEW urgent AS SELECT id, title FROM tasks WHERE priority = 'high';
CREATE VIEW titles AS SELECT id, title FROM tasks;
