-- Arrays of one enum, in a table and a domain over the array.
CREATE TYPE weekday AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri');
CREATE TYPE day_of_week AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
CREATE TABLE schedules (
  id int PRIMARY KEY,
  name text NOT NULL,
  days weekday[] NOT NULL DEFAULT '{mon,tue,wed,thu,fri}',
  off_days weekday[]
);
CREATE INDEX schedules_days ON schedules USING gin (days);
CREATE VIEW monday_schedules AS SELECT id, name FROM schedules WHERE 'mon' = ANY (days);
