CREATE SCHEMA geo;
CREATE TABLE geo.addresses (id int PRIMARY KEY, city text NOT NULL, zip text NOT NULL, country char(2) NOT NULL, street text);
CREATE STATISTICS geo.addr_city_zip (dependencies) ON city, zip FROM geo.addresses;
CREATE STATISTICS geo.addr_country_city (ndistinct) ON country, city FROM geo.addresses;
CREATE TABLE geo.legacy (a int, b int);
CREATE STATISTICS geo.legacy_ab ON a, b FROM geo.legacy;
