CREATE TABLE old_parent (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX old_parent_v ON old_parent (v);
CREATE TABLE piece (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at));
ALTER TABLE old_parent ATTACH PARTITION piece FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE loner (id int NOT NULL, at date NOT NULL, v text, w int);
CREATE INDEX loner_v ON loner (v);
INSERT INTO old_parent VALUES (1, '2024-05-05', 'a');
INSERT INTO loner VALUES (2, '2026-01-01', 'b', 1);
