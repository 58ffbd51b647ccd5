CREATE SCHEMA "Reporting";
