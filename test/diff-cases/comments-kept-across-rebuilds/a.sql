CREATE TABLE t (id int PRIMARY KEY, v varchar(10), g int GENERATED ALWAYS AS (id * 2) STORED);
COMMENT ON COLUMN t.v IS 'value';
COMMENT ON COLUMN t.g IS 'doubled';
CREATE VIEW tv AS SELECT id, v FROM t;
COMMENT ON VIEW tv IS 'a view over t';
CREATE TABLE u (a int, CONSTRAINT u_a_check CHECK (a > 0));
COMMENT ON CONSTRAINT u_a_check ON u IS 'positive';
COMMENT ON TABLE u IS 'to be uncommented';
