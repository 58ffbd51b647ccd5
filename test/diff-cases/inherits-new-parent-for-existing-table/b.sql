CREATE TABLE documents (id int NOT NULL, CONSTRAINT documents_id_positive CHECK (id > 0));
CREATE TABLE invoices (id int NOT NULL, amount numeric(10,2), paid boolean DEFAULT false,
  CONSTRAINT documents_id_positive CHECK (id > 0)) INHERITS (documents);
INSERT INTO invoices VALUES (1, 10.5, true);
