CREATE TABLE urls (id int PRIMARY KEY, href text NOT NULL, host text, visited timestamptz);
CREATE INDEX urls_href_prefix ON urls (href text_pattern_ops);
CREATE INDEX urls_host_lower ON urls (lower(host));
CREATE INDEX urls_visited_day ON urls (date_trunc('day', visited AT TIME ZONE 'UTC') DESC NULLS LAST);
