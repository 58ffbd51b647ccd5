CREATE TABLE piece (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at));
CREATE INDEX piece_v_idx ON piece (v);
CREATE TABLE new_parent (id int NOT NULL, at date NOT NULL, v text) PARTITION BY RANGE (at);
CREATE INDEX new_parent_v ON new_parent (v);
CREATE TABLE loner PARTITION OF new_parent FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

INSERT INTO piece VALUES (1, '2024-05-05', 'a');
INSERT INTO new_parent VALUES (2, '2026-01-01', 'b');
