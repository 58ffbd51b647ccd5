CREATE TABLE named (name text NOT NULL, code int);
CREATE TABLE dated (code int, created date);
CREATE TABLE sized (size bigint NOT NULL);
-- code comes from both parents; the child keeps it through dated when named goes.
CREATE TABLE items (extra text) INHERITS (named, dated);
-- Leaves its parent and changes the type of what it had from it.
CREATE TABLE boxes () INHERITS (sized);
-- Takes a parent whose column is wider and NOT NULL.
CREATE TABLE crates (size int, label text);
INSERT INTO items VALUES ('n', 1, '2024-01-01', 'x');
INSERT INTO boxes VALUES (5);
INSERT INTO crates VALUES (7, 'c');
