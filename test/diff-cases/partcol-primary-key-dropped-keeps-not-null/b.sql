-- The key is gone; its NOT NULL stays on the columns, as PostgreSQL leaves it.
CREATE TABLE page_views (
  site_id int NOT NULL,
  viewed_on date NOT NULL,
  path text NOT NULL,
  views int NOT NULL DEFAULT 0
) PARTITION BY RANGE (viewed_on);
CREATE TABLE page_views_2025h1 PARTITION OF page_views FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
CREATE TABLE page_views_2025h2 PARTITION OF page_views FOR VALUES FROM ('2025-07-01') TO ('2026-01-01');
CREATE INDEX page_views_site ON page_views (site_id, viewed_on);
CREATE TABLE sites (id int PRIMARY KEY, host text NOT NULL UNIQUE);
