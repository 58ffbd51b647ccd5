CREATE TABLE audit_log (msg text);
CREATE PROCEDURE log_it(m text) LANGUAGE sql AS $$ INSERT INTO audit_log VALUES (m) $$;
