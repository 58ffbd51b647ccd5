CREATE TABLE p1 (a int);
CREATE TABLE p2 (b int);
CREATE TABLE p3 (c int);
-- Columns declared on the children too: they stay their own whatever the parents.
CREATE TABLE reordered (a int, b int, own text) INHERITS (p1, p2);
CREATE TABLE swapped (a int, c int) INHERITS (p1);
-- Columns from the parents alone: a new order of parents rebuilds the table.
CREATE TABLE reordered_bare (extra text) INHERITS (p1, p2);
CREATE TABLE three (x int) INHERITS (p1, p2, p3);
INSERT INTO reordered VALUES (1, 2, 'r');
INSERT INTO reordered_bare VALUES (3, 4, 'rb');
INSERT INTO three VALUES (5, 6, 7, 8);
-- Same column and check on both parents: the child keeps them inherited only across the swap.
CREATE TABLE legacy_items (sku text NOT NULL, qty int, CONSTRAINT qty_positive CHECK (qty > 0));
CREATE TABLE catalog_items (sku text NOT NULL, qty int, CONSTRAINT qty_positive CHECK (qty > 0));
CREATE TABLE stocked_items (shelf text) INHERITS (legacy_items);
INSERT INTO stocked_items VALUES ('abc', 3, 'A1');
