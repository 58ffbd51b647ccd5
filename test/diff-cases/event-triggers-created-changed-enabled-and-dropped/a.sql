CREATE SCHEMA audit;
CREATE FUNCTION audit.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION audit.note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER retort_case_ddl_start ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION audit.note_ddl();
CREATE EVENT TRIGGER retort_case_drops ON sql_drop EXECUTE FUNCTION audit.note_drop();
CREATE EVENT TRIGGER retort_case_rewrite ON table_rewrite EXECUTE FUNCTION audit.note_ddl();
ALTER EVENT TRIGGER retort_case_rewrite DISABLE;
COMMENT ON EVENT TRIGGER retort_case_drops IS 'drops';
