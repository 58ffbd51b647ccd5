CREATE DOMAIN positive AS int DEFAULT 1 NOT NULL CONSTRAINT positive_small CHECK (VALUE < 1000000);
CREATE DOMAIN short_text AS varchar(20) CONSTRAINT short_text_not_blank CHECK (VALUE <> '');
CREATE DOMAIN unused_domain AS bigint;
CREATE DOMAIN email AS text COLLATE "C" CHECK (VALUE LIKE '%@%');
CREATE TABLE d (p positive, s short_text, e email);
