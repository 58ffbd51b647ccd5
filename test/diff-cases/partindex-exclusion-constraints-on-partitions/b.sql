-- Cancelled windows no longer count; Lyon and a new site get the rule too.
CREATE TABLE windows (
  site text NOT NULL,
  during tstzrange NOT NULL,
  reason text,
  cancelled boolean NOT NULL DEFAULT false
) PARTITION BY LIST (site);
CREATE TABLE windows_paris PARTITION OF windows (CONSTRAINT windows_paris_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled)) FOR VALUES IN ('paris');
CREATE TABLE windows_lyon PARTITION OF windows (CONSTRAINT windows_lyon_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled)) FOR VALUES IN ('lyon');
CREATE TABLE windows_nice PARTITION OF windows (CONSTRAINT windows_nice_no_overlap EXCLUDE USING gist (during WITH &&)) FOR VALUES IN ('nice');
CREATE INDEX windows_during ON windows USING gist (during);
