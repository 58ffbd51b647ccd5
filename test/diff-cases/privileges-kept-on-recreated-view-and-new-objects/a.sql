CREATE TABLE t (id int PRIMARY KEY, v varchar(10));
CREATE VIEW tv AS SELECT id, v FROM t;
GRANT SELECT ON tv TO pg_monitor;
GRANT SELECT ON t TO pg_monitor;
