CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_employees WITH (security_barrier = true, check_option = cascaded) AS SELECT id, manager_id, name, active FROM employees WHERE active;
CREATE VIEW active_managers WITH (check_option = local, security_invoker = true) AS SELECT id, manager_id, name, active FROM active_employees WHERE manager_id IS NULL;
CREATE RECURSIVE VIEW chain (id, manager_id, depth) AS SELECT id, manager_id, 0 FROM employees WHERE manager_id IS NULL UNION ALL SELECT e.id, e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.id WHERE c.depth < 20;
