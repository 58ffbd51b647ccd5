CREATE TABLE staff (id int PRIMARY KEY, name varchar(200) NOT NULL, salary numeric(10,2), dept text);
CREATE VIEW staff_public AS SELECT id, name, dept FROM staff WHERE dept IS NOT NULL;
CREATE FUNCTION staff_public_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO staff (id, name, dept) VALUES (NEW.id, NEW.name, coalesce(NEW.dept, 'none')); RETURN NEW; END $$;
CREATE FUNCTION staff_public_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE staff SET name = NEW.name, dept = NEW.dept WHERE id = OLD.id; RETURN NEW; END $$;
CREATE TRIGGER staff_public_ins INSTEAD OF INSERT ON staff_public FOR EACH ROW EXECUTE FUNCTION staff_public_insert();
CREATE TRIGGER staff_public_upd INSTEAD OF UPDATE ON staff_public FOR EACH ROW EXECUTE FUNCTION staff_public_update();
