CREATE TABLE tenants (id int PRIMARY KEY);
CREATE TABLE users (tenant_id int NOT NULL REFERENCES tenants, id int, PRIMARY KEY (tenant_id, id));
CREATE TABLE documents (
  tenant_id int NOT NULL REFERENCES tenants ON DELETE CASCADE,
  id int NOT NULL,
  owner_id int,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT documents_owner FOREIGN KEY (tenant_id, owner_id) REFERENCES users ON DELETE CASCADE
);
