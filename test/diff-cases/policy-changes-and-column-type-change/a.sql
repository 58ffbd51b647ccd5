CREATE TABLE notes (id int PRIMARY KEY, author varchar(30) NOT NULL, level int NOT NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_mine ON notes FOR SELECT USING (author = current_user);
CREATE POLICY notes_level ON notes FOR UPDATE USING (level < 5);
