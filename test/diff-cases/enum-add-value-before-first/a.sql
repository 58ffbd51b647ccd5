create type m as enum ('c');
