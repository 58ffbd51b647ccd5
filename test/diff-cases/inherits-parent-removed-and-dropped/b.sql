CREATE TABLE timestamped (created timestamptz);
-- Its columns and check from the dropped parent are its own now.
CREATE TABLE notes (tag text NOT NULL DEFAULT 'none', body text, CONSTRAINT tagged_tag_short CHECK (length(tag) < 20)) INHERITS (timestamped);
INSERT INTO notes (tag, body, created) VALUES ('x', 'hello', now());
