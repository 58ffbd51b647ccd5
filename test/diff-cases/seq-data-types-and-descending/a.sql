CREATE SEQUENCE countdown AS smallint INCREMENT BY -1 MINVALUE -100 MAXVALUE 0 START WITH 0;
CREATE SEQUENCE page_ids AS integer;
CREATE SEQUENCE big_ids AS bigint START WITH 5000000000;
CREATE TABLE pages (id integer PRIMARY KEY DEFAULT nextval('page_ids'), slot smallint DEFAULT nextval('countdown'));
