import { describe, expect, it } from "vitest";
import { isCreateIndexConcurrently, waitsBlockNobody } from "./statement-waits.ts";

describe("statements whose waits block nobody", () => {
  it.each([
    "CREATE INDEX CONCURRENTLY users_email ON users (email)",
    "create unique index concurrently if not exists u on t (a)",
    "/* why */ CREATE -- really\n INDEX CONCURRENTLY i ON t (a)",
    "REINDEX INDEX CONCURRENTLY users_email",
    "REINDEX (VERBOSE, TABLESPACE fast) TABLE CONCURRENTLY users",
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk",
    'ALTER TABLE IF EXISTS ONLY "Sales"."orders" * VALIDATE CONSTRAINT "fk", VALIDATE CONSTRAINT c2',
  ])("recognises %s", (sql) => expect(waitsBlockNobody(sql)).toBe(true));

  it.each([
    "CREATE INDEX users_email ON users (email)",
    "REINDEX INDEX users_email",
    "ALTER TABLE orders ADD COLUMN note text",
    "ALTER TABLE orders VALIDATE CONSTRAINT fk, ADD COLUMN note text",
    "ALTER TABLE validate VALIDATE CONSTRAINT",
    "SELECT 'CREATE INDEX CONCURRENTLY x'",
    "-- CREATE INDEX CONCURRENTLY i ON t (a)\nCREATE INDEX i ON t (a)",
    "ALTER INDEX i SET (fillfactor = 70)",
  ])("does not take %s for one", (sql) => expect(waitsBlockNobody(sql)).toBe(false));

  it("tells CREATE INDEX CONCURRENTLY from the other two", () => {
    expect(isCreateIndexConcurrently("CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)")).toBe(true);
    expect(isCreateIndexConcurrently("REINDEX INDEX CONCURRENTLY i")).toBe(false);
  });
});
