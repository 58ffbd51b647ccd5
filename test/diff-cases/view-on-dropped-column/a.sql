CREATE TABLE profiles (id int PRIMARY KEY, nickname text, bio text);
CREATE VIEW profile_cards AS SELECT id, nickname, bio FROM profiles;
