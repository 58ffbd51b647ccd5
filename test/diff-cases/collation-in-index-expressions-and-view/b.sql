CREATE COLLATION german_phone (provider = icu, locale = 'de-u-co-phonebk');
CREATE COLLATION swedish (provider = icu, locale = 'sv-SE');
CREATE TABLE contacts (id int PRIMARY KEY, surname text COLLATE swedish NOT NULL, given text, city varchar(80));
CREATE INDEX contacts_surname_bytes ON contacts (surname COLLATE "C");
CREATE INDEX contacts_city_phone ON contacts ((lower(city)) COLLATE swedish);
CREATE VIEW contacts_sorted AS SELECT id, surname, given FROM contacts ORDER BY surname COLLATE german_phone;
