CREATE TYPE country AS ENUM ('AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK');
CREATE TABLE shipping_zones (id int PRIMARY KEY, name text NOT NULL, countries country[] NOT NULL DEFAULT '{}', home country NOT NULL DEFAULT 'DE');
CREATE INDEX shipping_zones_countries ON shipping_zones USING gin (countries);
