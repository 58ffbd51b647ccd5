CREATE SCHEMA "select";
CREATE TYPE "select"."Ståtus" AS ENUM ('ÅPEN', 'stängd', 'väntar');
CREATE TABLE "select"."table" ("user" text NOT NULL, "order" bigint, "group" text, "check" boolean, PRIMARY KEY ("user"));
CREATE TABLE "Café" ("Ünïcödé" text PRIMARY KEY, "数量" int CHECK ("数量" >= 0), "état" "select"."Ståtus");
CREATE INDEX "Café_数量" ON "Café" ("数量", "Ünïcödé");
CREATE VIEW "select"."where" AS SELECT "user" AS "select", "order" FROM "select"."table";
