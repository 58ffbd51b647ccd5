CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE FUNCTION people_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO people (id, name) VALUES (NEW.id, NEW.name); RETURN NEW; END $$;
CREATE FUNCTION people_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE people SET active = false WHERE id = OLD.id; RETURN OLD; END $$;
CREATE VIEW active_people AS SELECT id, name FROM people WHERE active;
CREATE TRIGGER active_people_insert INSTEAD OF INSERT ON active_people FOR EACH ROW EXECUTE FUNCTION people_insert();
CREATE VIEW people_names AS SELECT id, name FROM people;
CREATE TRIGGER people_names_delete INSTEAD OF DELETE ON people_names FOR EACH ROW EXECUTE FUNCTION people_delete();
COMMENT ON TRIGGER people_names_delete ON people_names IS 'soft delete';
