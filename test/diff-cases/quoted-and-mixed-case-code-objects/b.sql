CREATE SCHEMA "Reporting";
CREATE TABLE "Reporting"."Daily Totals" ("Day" date PRIMARY KEY, "Total" numeric);
CREATE VIEW "Reporting"."Weekly" AS SELECT date_trunc('week', "Day") AS "Week", sum("Total") AS "Total" FROM "Reporting"."Daily Totals" GROUP BY 1;
CREATE FUNCTION "Reporting"."Best Day"() RETURNS date LANGUAGE sql AS $$ SELECT "Day" FROM "Reporting"."Daily Totals" ORDER BY "Total" DESC LIMIT 1 $$;
COMMENT ON VIEW "Reporting"."Weekly" IS 'Weekly ''totals''';
