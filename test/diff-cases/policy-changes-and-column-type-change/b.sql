CREATE TABLE notes (id int PRIMARY KEY, author text NOT NULL, level int NOT NULL);
CREATE POLICY notes_mine ON notes FOR ALL USING (author = current_user) WITH CHECK (author = current_user);
CREATE POLICY notes_level ON notes FOR UPDATE USING (level < 5);
