CREATE TABLE legacy_tickets (id integer NOT NULL, subject text NOT NULL);
CREATE SEQUENCE ticket_numbers AS integer START WITH 1000 OWNED BY legacy_tickets.id;
ALTER TABLE legacy_tickets ALTER COLUMN id SET DEFAULT nextval('ticket_numbers');
ALTER TABLE legacy_tickets ADD PRIMARY KEY (id);
CREATE TABLE ticket_notes (ticket_id integer NOT NULL REFERENCES legacy_tickets (id) ON DELETE CASCADE, body text);
CREATE SEQUENCE note_numbers;
