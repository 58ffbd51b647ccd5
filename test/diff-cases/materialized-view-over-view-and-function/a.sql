CREATE TABLE readings (id int PRIMARY KEY, v double precision);
