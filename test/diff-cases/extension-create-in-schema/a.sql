create schema ext;
