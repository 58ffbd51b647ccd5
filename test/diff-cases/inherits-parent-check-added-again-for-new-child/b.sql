CREATE TABLE products (price numeric, CONSTRAINT price_positive CHECK (price > 0), CONSTRAINT price_capped CHECK (price < 1000000));
CREATE TABLE books (isbn text) INHERITS (products);
CREATE TABLE games (price numeric, platform text, CONSTRAINT price_positive CHECK (price > 0)) INHERITS (products);
-- Columns declared, checks through the parent alone: the parent drops its checks and adds them
-- again once films and music are its children, rather than their being rebuilt.
CREATE TABLE films (price numeric, minutes int) INHERITS (products);
CREATE TABLE music (price numeric) INHERITS (products);
INSERT INTO books VALUES (10, '978');
INSERT INTO games VALUES (20, 'pc');
INSERT INTO films VALUES (30, 90);
INSERT INTO music VALUES (5);
