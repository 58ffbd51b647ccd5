-- Everything built on the domain goes; the table keeps plain text.
CREATE SEQUENCE code_seq;
CREATE TABLE coupons (code text PRIMARY KEY, percent int NOT NULL);
CREATE VIEW coupon_list AS SELECT code, percent FROM coupons;
