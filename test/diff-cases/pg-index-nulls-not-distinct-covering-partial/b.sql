CREATE TABLE subscriptions (id bigint PRIMARY KEY, user_id bigint NOT NULL, plan text NOT NULL, ended_at timestamptz, coupon text,
  CONSTRAINT subscriptions_user_plan UNIQUE NULLS NOT DISTINCT (user_id, plan, ended_at));
CREATE UNIQUE INDEX subscriptions_active ON subscriptions (user_id) INCLUDE (plan) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX subscriptions_coupon ON subscriptions (coupon) NULLS NOT DISTINCT;
CREATE INDEX subscriptions_plan ON subscriptions (plan) INCLUDE (user_id) WITH (fillfactor = 80);
