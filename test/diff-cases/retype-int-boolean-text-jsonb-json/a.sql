-- Legacy columns: flags as integers, documents as text and json.
CREATE TABLE settings (
  id int PRIMARY KEY,
  enabled int NOT NULL DEFAULT 1,
  archived int DEFAULT 0,
  config text,
  extra json,
  tags text DEFAULT '[]'
);
CREATE INDEX settings_enabled ON settings (enabled) WHERE archived = 0;
CREATE VIEW enabled_settings AS SELECT id, config FROM settings WHERE enabled = 1;
