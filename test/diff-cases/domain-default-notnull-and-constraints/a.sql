CREATE DOMAIN positive AS int CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN short_text AS varchar(20);
CREATE DOMAIN unused_domain AS text;
CREATE TABLE d (p positive, s short_text);
