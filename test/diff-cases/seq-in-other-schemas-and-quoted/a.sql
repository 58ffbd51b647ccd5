CREATE SCHEMA billing;
CREATE SCHEMA "Audit Log";
CREATE SEQUENCE billing.invoice_no START WITH 10000;
CREATE SEQUENCE "Audit Log"."Event Seq";
CREATE TABLE billing.invoices (no bigint PRIMARY KEY DEFAULT nextval('billing.invoice_no'), total numeric(12,2));
CREATE TABLE "Audit Log".events (id bigint PRIMARY KEY DEFAULT nextval('"Audit Log"."Event Seq"'), what text);
