CREATE TABLE named (name text NOT NULL, code int);
CREATE TABLE dated (code int, created date);
CREATE TABLE sized (size bigint NOT NULL);
CREATE TABLE items (name text NOT NULL, extra text) INHERITS (dated);
CREATE TABLE boxes (size numeric NOT NULL);
CREATE TABLE crates (size bigint NOT NULL, label text) INHERITS (sized);
INSERT INTO items (code, created, name, extra) VALUES (1, '2024-01-01', 'n', 'x');
INSERT INTO boxes VALUES (5);
INSERT INTO crates VALUES (7, 'c');
