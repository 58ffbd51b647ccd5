-- Plain tables only.
CREATE TABLE shipments (id int PRIMARY KEY, weight_g int NOT NULL, dest text NOT NULL);
