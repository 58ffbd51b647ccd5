CREATE TABLE profiles (id int PRIMARY KEY, bio text);
CREATE VIEW profile_cards AS SELECT id, bio FROM profiles;
