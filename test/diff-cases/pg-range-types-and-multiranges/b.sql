CREATE SCHEMA sched;
CREATE TYPE sched.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE sched.textrange AS RANGE (subtype = text, collation = "C", multirange_type_name = sched.text_ranges);
CREATE TYPE sched.patternrange AS RANGE (subtype = text, subtype_opclass = text_pattern_ops);
COMMENT ON TYPE sched.textrange IS 'byte-ordered text intervals';
REVOKE USAGE ON TYPE sched.textrange FROM PUBLIC;
CREATE TABLE sched.slots (id int PRIMARY KEY, span sched.floatrange NOT NULL, free sched.floatmultirange, labels sched.text_ranges,
  CONSTRAINT slots_no_overlap EXCLUDE USING gist (span WITH &&));
CREATE INDEX slots_span ON sched.slots USING gist (span);
