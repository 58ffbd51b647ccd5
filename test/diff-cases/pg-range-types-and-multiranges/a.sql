CREATE SCHEMA sched;
CREATE TYPE sched.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE sched.oldrange AS RANGE (subtype = int4);
CREATE TABLE sched.slots (id int PRIMARY KEY, span sched.floatrange NOT NULL, free sched.floatmultirange);
CREATE INDEX slots_span ON sched.slots USING gist (span);
