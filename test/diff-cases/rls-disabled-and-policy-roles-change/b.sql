CREATE TABLE secrets (id int PRIMARY KEY, owner text);
CREATE POLICY secrets_owner ON secrets TO pg_monitor, pg_read_all_stats USING (owner = current_user);
