CREATE SCHEMA billing;
CREATE SCHEMA "Audit Log";
CREATE SEQUENCE billing.invoice_no START WITH 10000 INCREMENT BY 2;
CREATE SEQUENCE billing."credit-note no" START WITH 1;
CREATE SEQUENCE "Audit Log"."Event Seq" OWNED BY NONE;
CREATE TABLE billing.invoices (no bigint PRIMARY KEY DEFAULT nextval('billing.invoice_no'), total numeric(12,2));
CREATE TABLE billing.credit_notes (no bigint PRIMARY KEY DEFAULT nextval('billing."credit-note no"'), invoice_no bigint REFERENCES billing.invoices);
CREATE TABLE "Audit Log".events (id bigint PRIMARY KEY DEFAULT nextval('"Audit Log"."Event Seq"'), what text, "When" timestamptz);
ALTER SEQUENCE "Audit Log"."Event Seq" OWNED BY "Audit Log".events.id;
