CREATE SCHEMA "select";
CREATE TABLE "select"."table" ("user" text, "order" int, "group" text, "from" date);
CREATE TABLE "Café" ("Ünïcödé" text PRIMARY KEY, "数量" int, "naïve" boolean);
CREATE INDEX "Café_数量" ON "Café" ("数量");
CREATE TYPE "select"."Ståtus" AS ENUM ('ÅPEN', 'stängd');
