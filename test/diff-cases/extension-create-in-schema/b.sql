create schema ext;
create extension pgcrypto schema ext;
