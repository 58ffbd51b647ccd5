CREATE TABLE products (price numeric, CONSTRAINT price_positive CHECK (price > 0), CONSTRAINT price_capped CHECK (price < 1000000));
CREATE TABLE books (isbn text) INHERITS (products);
CREATE TABLE games (price numeric, platform text, CONSTRAINT price_positive CHECK (price > 0)) INHERITS (products);
CREATE TABLE films (price numeric, minutes int);
CREATE TABLE music (price numeric, CONSTRAINT price_positive CHECK (price > 0), CONSTRAINT price_capped CHECK (price < 1000000));
INSERT INTO books VALUES (10, '978');
INSERT INTO games VALUES (20, 'pc');
INSERT INTO films VALUES (30, 90);
INSERT INTO music VALUES (5);
