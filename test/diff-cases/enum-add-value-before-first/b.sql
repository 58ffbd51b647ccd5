create type m as enum ('a', 'b', 'c', 'd');
