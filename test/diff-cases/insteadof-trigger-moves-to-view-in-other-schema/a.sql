CREATE SCHEMA api;
CREATE TABLE notes (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL, archived boolean NOT NULL DEFAULT false);
CREATE VIEW api.notes AS SELECT id, body FROM notes WHERE NOT archived;
CREATE FUNCTION api.archive_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE public.notes SET archived = true WHERE id = OLD.id; RETURN OLD; END $$;
CREATE TRIGGER notes_archive INSTEAD OF DELETE ON api.notes FOR EACH ROW EXECUTE FUNCTION api.archive_note();
COMMENT ON TRIGGER notes_archive ON api.notes IS 'deleting archives';
