CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_employees AS SELECT id, manager_id, name, active FROM employees WHERE active;
CREATE RECURSIVE VIEW chain (id, manager_id, depth) AS SELECT id, manager_id, 0 FROM employees WHERE manager_id IS NULL UNION ALL SELECT e.id, e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.id;
