-- The collation ignores accents too, the domain takes any length of text and the amount widens;
-- everything that reads the columns is dropped around their conversion and comes back.
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
CREATE DOMAIN code AS text CONSTRAINT code_not_empty CHECK (VALUE <> '');
CREATE TYPE price AS (amount numeric(12,2), currency char(3));
CREATE TABLE items (
  id int PRIMARY KEY,
  sku code NOT NULL UNIQUE,
  cost price CONSTRAINT items_cost_positive CHECK ((cost).amount > 0),
  name text COLLATE ci,
  aliases code[]
);
CREATE INDEX items_name ON items (name);
CREATE INDEX items_amount ON items (((cost).amount));
INSERT INTO items VALUES (1, 'A-1', ROW(9.50, 'EUR'), 'Widget', '{w,x}'), (2, 'B-2', NULL, NULL, NULL);
CREATE VIEW item_skus AS SELECT id, sku, (cost).amount AS amount, name FROM items;
CREATE VIEW item_sku_count AS SELECT count(DISTINCT sku) AS n FROM item_skus;
CREATE MATERIALIZED VIEW item_costs AS SELECT id, cost, name, aliases FROM items;
CREATE UNIQUE INDEX item_costs_id ON item_costs (id);
CREATE INDEX item_costs_name ON item_costs (name);
CREATE VIEW item_names AS SELECT id, name FROM items;
CREATE RULE item_names_update AS ON UPDATE TO item_names DO INSTEAD UPDATE items SET name = NEW.name WHERE id = OLD.id;
CREATE FUNCTION item_skus_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER item_skus_insert INSTEAD OF INSERT ON item_skus FOR EACH ROW EXECUTE FUNCTION item_skus_insert();
CREATE TRIGGER items_sku_changed BEFORE UPDATE OF sku ON items FOR EACH ROW WHEN (OLD.sku IS DISTINCT FROM NEW.sku) EXECUTE FUNCTION item_skus_insert();
CREATE FUNCTION sku_of(item int) RETURNS text LANGUAGE sql STABLE BEGIN ATOMIC SELECT sku FROM items WHERE id = item; END;
CREATE FUNCTION cost_of(item int) RETURNS numeric LANGUAGE sql STABLE RETURN (SELECT (cost).amount FROM items WHERE id = item);
COMMENT ON VIEW item_skus IS 'one row per item';
COMMENT ON MATERIALIZED VIEW item_costs IS 'costs, refreshed nightly';
COMMENT ON COLUMN item_costs.cost IS 'as entered';
GRANT SELECT ON item_skus, item_costs TO pg_read_all_data;
