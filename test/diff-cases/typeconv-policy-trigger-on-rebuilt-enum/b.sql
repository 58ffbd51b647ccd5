-- The labels in another order: the policy and the trigger are dropped around the conversion.
CREATE TYPE colour AS ENUM ('blue', 'green', 'red');
CREATE TABLE paints (id int, c colour, owner text);
ALTER TABLE paints ENABLE ROW LEVEL SECURITY;
CREATE POLICY reds ON paints USING (c = 'red');
CREATE STATISTICS paints_stats ON id, c FROM paints;
CREATE FUNCTION paint_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER paints_red BEFORE INSERT ON paints FOR EACH ROW WHEN (NEW.c = 'red') EXECUTE FUNCTION paint_check();
