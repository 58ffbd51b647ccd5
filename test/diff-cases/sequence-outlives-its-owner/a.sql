CREATE TABLE tickets (id serial PRIMARY KEY, title text);
CREATE TABLE invoices (id int PRIMARY KEY, legacy_no serial, number int);
CREATE SEQUENCE invoice_numbers;
ALTER SEQUENCE invoice_numbers OWNED BY invoices.number;
