CREATE TABLE base_items (id int, created date);
CREATE TABLE special_items (extra text) INHERITS (base_items);
CREATE TABLE shards (id bigint NOT NULL, v text) PARTITION BY HASH (id);
CREATE TABLE shards_0 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE shards_1 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 1);
