CREATE TABLE tickets (id integer NOT NULL, subject text NOT NULL, opened_at timestamptz NOT NULL DEFAULT now());
CREATE SEQUENCE ticket_numbers AS integer START WITH 1000 OWNED BY tickets.id;
ALTER TABLE tickets ALTER COLUMN id SET DEFAULT nextval('ticket_numbers');
ALTER TABLE tickets ADD PRIMARY KEY (id);
CREATE SEQUENCE note_numbers;
CREATE TABLE ticket_notes (id integer NOT NULL DEFAULT nextval('note_numbers'), ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE, body text);
ALTER SEQUENCE note_numbers OWNED BY ticket_notes.id;
