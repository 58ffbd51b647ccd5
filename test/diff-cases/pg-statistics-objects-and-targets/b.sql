CREATE SCHEMA geo;
CREATE TABLE geo.addresses (id int PRIMARY KEY, city text NOT NULL, zip text NOT NULL, country char(2) NOT NULL, street text);
CREATE STATISTICS geo.addr_city_zip (dependencies) ON city, zip FROM geo.addresses;
ALTER STATISTICS geo.addr_city_zip SET STATISTICS 500;
CREATE STATISTICS geo.addr_country_city (ndistinct, mcv) ON country, city FROM geo.addresses;
CREATE STATISTICS geo.addr_lower_city ON lower(city), country FROM geo.addresses;
COMMENT ON STATISTICS geo.addr_lower_city IS 'case-folded city per country';
