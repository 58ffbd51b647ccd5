-- A function reads a view, a view calls the function, another function reads that view.
CREATE TABLE employees (id int PRIMARY KEY, dept text NOT NULL, salary numeric NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE VIEW active_employees AS SELECT id, dept, salary FROM employees WHERE active;
CREATE FUNCTION z_dept_payroll(d text) RETURNS numeric LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT coalesce(sum(salary), 0) FROM public.active_employees WHERE dept = d; END;
CREATE VIEW a_dept_summary AS SELECT DISTINCT dept, public.z_dept_payroll(dept) AS payroll FROM active_employees;
CREATE FUNCTION b_biggest_dept() RETURNS text LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT dept FROM public.a_dept_summary ORDER BY payroll DESC LIMIT 1; END;
CREATE MATERIALIZED VIEW c_top AS SELECT public.b_biggest_dept() AS dept;
