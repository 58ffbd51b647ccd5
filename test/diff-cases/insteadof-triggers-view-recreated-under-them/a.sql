CREATE TABLE staff (id int PRIMARY KEY, name text NOT NULL, salary numeric(10,2), dept text);
CREATE VIEW staff_public AS SELECT id, name, dept FROM staff;
CREATE FUNCTION staff_public_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO staff (id, name, dept) VALUES (NEW.id, NEW.name, NEW.dept); RETURN NEW; END $$;
CREATE FUNCTION staff_public_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN DELETE FROM staff WHERE id = OLD.id; RETURN OLD; END $$;
CREATE TRIGGER staff_public_ins INSTEAD OF INSERT ON staff_public FOR EACH ROW EXECUTE FUNCTION staff_public_insert();
CREATE TRIGGER staff_public_del INSTEAD OF DELETE ON staff_public FOR EACH ROW EXECUTE FUNCTION staff_public_delete();
