-- The open partition now needs an assignee, closed ones keep theirs, the parent requires closed_at nowhere.
CREATE TABLE tickets (
  id int NOT NULL,
  status text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolution text,
  assignee text,
  closed_at timestamptz
) PARTITION BY LIST (status);
CREATE TABLE tickets_open PARTITION OF tickets (assignee NOT NULL) FOR VALUES IN ('open', 'pending');
CREATE TABLE tickets_closed PARTITION OF tickets (resolution NOT NULL) FOR VALUES IN ('closed');
CREATE TABLE tickets_other PARTITION OF tickets DEFAULT;
CREATE TABLE tickets_archived PARTITION OF tickets (resolution NOT NULL, closed_at NOT NULL) FOR VALUES IN ('archived');
CREATE INDEX tickets_assignee ON tickets (assignee);
