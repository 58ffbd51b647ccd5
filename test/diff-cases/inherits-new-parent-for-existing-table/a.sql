CREATE TABLE invoices (id int NOT NULL, amount numeric(10,2), paid boolean DEFAULT false);
INSERT INTO invoices VALUES (1, 10.5, true);
