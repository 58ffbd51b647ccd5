CREATE SEQUENCE tickets_id_seq AS integer;
CREATE TABLE invoices (id int PRIMARY KEY, number int);
CREATE SEQUENCE invoices_legacy_no_seq AS integer;
ALTER SEQUENCE invoices_legacy_no_seq OWNED BY invoices.id;
CREATE SEQUENCE invoice_numbers;
