CREATE TABLE tagged (tag text NOT NULL DEFAULT 'none', CONSTRAINT tagged_tag_short CHECK (length(tag) < 20));
CREATE TABLE timestamped (created timestamptz);
CREATE TABLE notes (body text) INHERITS (tagged, timestamped);
INSERT INTO notes VALUES ('x', now(), 'hello');
