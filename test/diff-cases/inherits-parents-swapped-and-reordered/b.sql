CREATE TABLE p1 (a int);
CREATE TABLE p2 (b int);
CREATE TABLE p3 (c int);
CREATE TABLE reordered (b int, a int, own text) INHERITS (p2, p1);
CREATE TABLE swapped (a int, c int) INHERITS (p3);
CREATE TABLE reordered_bare (extra text) INHERITS (p2, p1);
-- Keeps p1 and p3 in place: p2 goes.
CREATE TABLE three (b int, x int) INHERITS (p1, p3);
INSERT INTO reordered VALUES (2, 1, 'r');
INSERT INTO reordered_bare VALUES (4, 3, 'rb');
INSERT INTO three (a, b, c, x) VALUES (5, 6, 7, 8);
-- Same column and check on both parents: the child keeps them inherited only across the swap.
CREATE TABLE legacy_items (sku text NOT NULL, qty int, CONSTRAINT qty_positive CHECK (qty > 0));
CREATE TABLE catalog_items (sku text NOT NULL, qty int, CONSTRAINT qty_positive CHECK (qty > 0));
CREATE TABLE stocked_items (shelf text) INHERITS (catalog_items);
INSERT INTO stocked_items VALUES ('abc', 3, 'A1');
