CREATE TABLE regions (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE stores (id int PRIMARY KEY, region char(2), opened date, closed date);
ALTER TABLE stores ADD CONSTRAINT stores_region_fk FOREIGN KEY (region) REFERENCES regions;
ALTER TABLE stores ADD CONSTRAINT stores_dates CHECK (closed IS NULL OR closed > opened) NOT VALID;
ALTER TABLE stores ADD CONSTRAINT stores_opened_known CHECK (opened IS NOT NULL) NOT VALID;
