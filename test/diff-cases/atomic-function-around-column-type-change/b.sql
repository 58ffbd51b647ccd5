CREATE TABLE payments (id int PRIMARY KEY, amount bigint NOT NULL, memo varchar(10));
CREATE FUNCTION total_paid() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(amount) FROM payments; END;
CREATE FUNCTION memo_of(p int) RETURNS text LANGUAGE sql STABLE BEGIN ATOMIC SELECT memo FROM payments WHERE id = p; END;
CREATE VIEW payment_summary AS SELECT total_paid() AS total;
