CREATE TABLE shifts (id int PRIMARY KEY, starts time NOT NULL, ends time NOT NULL);
