CREATE TABLE words (w text COLLATE "C", x text);
