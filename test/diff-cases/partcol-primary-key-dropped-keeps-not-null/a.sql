-- The key's columns had no NOT NULL of their own: PostgreSQL added it with the key.
CREATE TABLE page_views (
  site_id int,
  viewed_on date,
  path text,
  views int NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, viewed_on, path)
) PARTITION BY RANGE (viewed_on);
CREATE TABLE page_views_2025h1 PARTITION OF page_views FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
CREATE TABLE page_views_2025h2 PARTITION OF page_views FOR VALUES FROM ('2025-07-01') TO ('2026-01-01');
CREATE TABLE sites (id int PRIMARY KEY, host text NOT NULL UNIQUE);
