CREATE TABLE audit_log (msg text);
CREATE PROCEDURE log_it(message text) LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit_log VALUES (upper(message)); END $$;
CREATE PROCEDURE log_twice(m text) LANGUAGE sql AS $$ INSERT INTO audit_log VALUES (m); INSERT INTO audit_log VALUES (m) $$;
