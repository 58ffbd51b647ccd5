CREATE SCHEMA "my.app";
CREATE TABLE "my.app"."orders.2024" (id int PRIMARY KEY, "note: text" text);
CREATE TABLE "my.app"."line items" ("item id" int PRIMARY KEY, "qty.ordered" bigint NOT NULL, "say ""hi""" varchar(10), "order.id" int REFERENCES "my.app"."orders.2024" (id));
CREATE INDEX "line items by order.id" ON "my.app"."line items" ("order.id");
CREATE SEQUENCE "my.app"."seq.no" INCREMENT BY 3;
COMMENT ON COLUMN "my.app"."line items"."say ""hi""" IS 'a "quoted" comment';
