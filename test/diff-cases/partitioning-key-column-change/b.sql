CREATE SCHEMA "Billing";
CREATE TABLE "Billing"."Invoices" (id int NOT NULL, issued date NOT NULL, due date NOT NULL, amount numeric(12,2), PRIMARY KEY (id, due)) PARTITION BY RANGE (due);
CREATE TABLE "Billing"."Invoices_2024" PARTITION OF "Billing"."Invoices" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "Billing"."Invoices_2025" PARTITION OF "Billing"."Invoices" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "Billing"."Invoices_later" PARTITION OF "Billing"."Invoices" DEFAULT;
CREATE INDEX "Invoices_amount" ON "Billing"."Invoices" (amount);
CREATE VIEW "Billing".overdue AS SELECT id, due, amount FROM "Billing"."Invoices" WHERE due < DATE '2025-06-01';
INSERT INTO "Billing"."Invoices" VALUES (1, '2024-05-01', '2024-06-01', 10), (2, '2024-12-15', '2025-01-15', 20), (3, '2025-03-01', '2025-04-01', 30);
