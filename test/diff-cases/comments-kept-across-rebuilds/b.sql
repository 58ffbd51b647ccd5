CREATE TABLE t (id int PRIMARY KEY, v text, g int GENERATED ALWAYS AS (id * 3) STORED);
COMMENT ON COLUMN t.v IS 'value';
COMMENT ON COLUMN t.g IS 'doubled';
CREATE VIEW tv AS SELECT id, v FROM t;
COMMENT ON VIEW tv IS 'a view over t';
CREATE TABLE u (a int, CONSTRAINT u_a_check CHECK (a > 1));
COMMENT ON CONSTRAINT u_a_check ON u IS 'positive';
