CREATE SCHEMA crm;
CREATE SCHEMA sales;
CREATE TABLE crm.customers (id bigint PRIMARY KEY, name text NOT NULL);
