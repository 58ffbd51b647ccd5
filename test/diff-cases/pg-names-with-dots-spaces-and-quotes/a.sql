CREATE SCHEMA "my.app";
CREATE TABLE "my.app"."line items" ("item id" int PRIMARY KEY, "qty.ordered" int, "say ""hi""" text);
CREATE TABLE "my.app"."orders.2024" (id int PRIMARY KEY);
CREATE SEQUENCE "my.app"."seq.no";
