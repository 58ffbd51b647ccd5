-- The arrays move to the wider enum; everything reading them follows.
CREATE TYPE weekday AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri');
CREATE TYPE day_of_week AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
CREATE TABLE schedules (
  id int PRIMARY KEY,
  name text NOT NULL,
  days day_of_week[] NOT NULL DEFAULT '{mon,tue,wed,thu,fri}',
  off_days day_of_week[]
);
CREATE INDEX schedules_days ON schedules USING gin (days);
CREATE VIEW monday_schedules AS SELECT id, name FROM schedules WHERE 'mon' = ANY (days);
