-- Booleans and jsonb, with defaults, an index and a view rewritten for them.
CREATE TABLE settings (
  id int PRIMARY KEY,
  enabled boolean NOT NULL DEFAULT true,
  archived boolean DEFAULT false,
  config jsonb,
  extra jsonb,
  tags jsonb DEFAULT '[]'::jsonb
);
CREATE INDEX settings_enabled ON settings (enabled) WHERE NOT archived;
CREATE INDEX settings_config ON settings USING gin (config);
CREATE VIEW enabled_settings AS SELECT id, config FROM settings WHERE enabled;
