-- Tickets by status; closed ones must have a resolution, which only that partition enforces.
CREATE TABLE tickets (
  id int NOT NULL,
  status text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolution text,
  assignee text,
  closed_at timestamptz
) PARTITION BY LIST (status);
CREATE TABLE tickets_open PARTITION OF tickets FOR VALUES IN ('open', 'pending');
CREATE TABLE tickets_closed PARTITION OF tickets (resolution NOT NULL, closed_at NOT NULL) FOR VALUES IN ('closed');
CREATE TABLE tickets_other PARTITION OF tickets DEFAULT;
CREATE INDEX tickets_assignee ON tickets (assignee);
