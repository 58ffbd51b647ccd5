CREATE TABLE words (w text, x text COLLATE "C", y varchar(10) COLLATE "POSIX");
CREATE DOMAIN sortable AS text COLLATE "C";
