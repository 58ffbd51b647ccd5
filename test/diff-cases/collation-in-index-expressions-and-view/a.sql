CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE COLLATION german_phone (provider = icu, locale = 'de-u-co-phonebk');
CREATE TABLE contacts (id int PRIMARY KEY, surname text NOT NULL, given text, city varchar(80));
CREATE INDEX contacts_surname_bytes ON contacts (surname COLLATE bytewise);
CREATE INDEX contacts_city_phone ON contacts ((lower(city)) COLLATE german_phone);
CREATE VIEW contacts_sorted AS SELECT id, surname, given FROM contacts ORDER BY surname COLLATE german_phone;
