CREATE TABLE members (id int PRIMARY KEY, name text NOT NULL, fax text, legacy_code char(4), joined date);
CREATE VIEW member_names AS SELECT id, name FROM members;
CREATE VIEW member_contacts AS SELECT id, name, fax FROM members;
CREATE VIEW member_directory AS SELECT c.id, c.name, m.joined FROM member_contacts c JOIN members m USING (id);
CREATE VIEW newest_members AS SELECT id FROM member_names ORDER BY id DESC LIMIT 10;
