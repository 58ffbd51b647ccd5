-- One view over a table.
CREATE TABLE employees (id int PRIMARY KEY, dept text NOT NULL, salary numeric NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_employees AS SELECT id, dept, salary FROM employees WHERE active;
