CREATE TABLE base_items (id int, created date);
