CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE diary (id int NOT NULL, day date NOT NULL, m mood NOT NULL DEFAULT 'ok', past mood[], note text);
CREATE INDEX diary_day ON diary (day);
INSERT INTO diary VALUES (1, '2024-01-01', 'sad', '{ok,happy}', 'x'), (2, '2025-01-01', 'happy', NULL, NULL);
