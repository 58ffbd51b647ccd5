CREATE TYPE size_v1 AS ENUM ('s', 'm', 'l');
CREATE TYPE size_v2 AS ENUM ('xs', 's', 'm', 'l', 'xl');
CREATE DOMAIN shirt_size_v1 AS size_v1 NOT NULL;
CREATE DOMAIN shirt_size_v2 AS size_v2 NOT NULL;
CREATE TABLE shirts (id int PRIMARY KEY, size shirt_size_v2, sizes_in_stock size_v2[]);
