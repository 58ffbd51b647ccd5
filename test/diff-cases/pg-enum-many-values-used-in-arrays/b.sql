CREATE TYPE country AS ENUM ('AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK');
CREATE TABLE shipping_zones (id int PRIMARY KEY, name text NOT NULL, countries country[] NOT NULL DEFAULT '{}', home country NOT NULL DEFAULT 'DE');
CREATE INDEX shipping_zones_countries ON shipping_zones USING gin (countries);
