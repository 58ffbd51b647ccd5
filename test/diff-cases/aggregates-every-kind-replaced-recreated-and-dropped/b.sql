CREATE SCHEMA stats;
CREATE FUNCTION stats.add_sq(acc numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT acc + x * x $$;
-- Its return type changes: it is dropped and created again, and the aggregate using it with it.
CREATE FUNCTION stats.root(acc numeric) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT sqrt(acc)::double precision $$;
-- Replaced in place, under the view that calls it.
CREATE AGGREGATE stats.sum_sq(numeric) (SFUNC = stats.add_sq, STYPE = numeric, INITCOND = '1', PARALLEL = SAFE);
CREATE AGGREGATE stats.norm(numeric) (SFUNC = stats.add_sq, STYPE = numeric, FINALFUNC = stats.root, INITCOND = '0');
CREATE AGGREGATE stats.med(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE AGGREGATE stats.myrank(VARIADIC "any" ORDER BY VARIADIC "any") (SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
CREATE AGGREGATE stats.cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
CREATE AGGREGATE stats.mx(int) (SFUNC = int4larger, STYPE = int, SORTOP = >);
CREATE AGGREGATE stats.msum(int) (SFUNC = int4pl, STYPE = int, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, COMBINEFUNC = int4pl, PARALLEL = RESTRICTED);
CREATE AGGREGATE stats.avg_all(numeric) (SFUNC = numeric_avg_accum, STYPE = internal, SSPACE = 128, FINALFUNC = numeric_avg, COMBINEFUNC = numeric_avg_combine, SERIALFUNC = numeric_avg_serialize, DESERIALFUNC = numeric_avg_deserialize, MSFUNC = numeric_avg_accum, MINVFUNC = numeric_accum_inv, MSTYPE = internal, MSSPACE = 128, MFINALFUNC = numeric_avg, MFINALFUNC_MODIFY = SHAREABLE, PARALLEL = SAFE);
CREATE TABLE stats.readings (id int, v numeric);
CREATE VIEW stats.summary AS SELECT stats.sum_sq(v) AS s FROM stats.readings;
CREATE VIEW stats.norms AS SELECT stats.norm(v) AS n FROM stats.readings;
COMMENT ON AGGREGATE stats.norm(numeric) IS 'euclidean norm';
COMMENT ON AGGREGATE stats.cnt(*) IS 'rows';
REVOKE EXECUTE ON FUNCTION stats.sum_sq(numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stats.sum_sq(numeric) TO pg_monitor;
