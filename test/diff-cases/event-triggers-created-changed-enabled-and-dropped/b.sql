CREATE SCHEMA audit;
-- Replaced in place: the triggers that run it stay.
CREATE FUNCTION audit.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE DEBUG 'ddl'; END $$;
-- Its tags change: dropped and created again.
CREATE EVENT TRIGGER retort_case_ddl_start ON ddl_command_start WHEN TAG IN ('DROP TABLE', 'CREATE TABLE') EXECUTE FUNCTION audit.note_ddl();
CREATE EVENT TRIGGER retort_case_rewrite ON table_rewrite EXECUTE FUNCTION audit.note_ddl();
ALTER EVENT TRIGGER retort_case_rewrite ENABLE ALWAYS;
CREATE EVENT TRIGGER "retort case end" ON ddl_command_end EXECUTE FUNCTION audit.note_ddl();
ALTER EVENT TRIGGER "retort case end" ENABLE REPLICA;
COMMENT ON EVENT TRIGGER "retort case end" IS 'end';
