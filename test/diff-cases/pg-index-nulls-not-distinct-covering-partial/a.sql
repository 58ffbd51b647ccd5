CREATE TABLE subscriptions (id bigint PRIMARY KEY, user_id bigint NOT NULL, plan text NOT NULL, ended_at timestamptz, coupon text);
CREATE UNIQUE INDEX subscriptions_active ON subscriptions (user_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX subscriptions_coupon ON subscriptions (coupon);
CREATE INDEX subscriptions_plan ON subscriptions (plan);
