import { describe, expect, it } from "vitest";
import { outsideTransactionOnly } from "./outside-transaction.ts";

// Trees as libpg-query 18 returns them.
describe("outsideTransactionOnly", () => {
  it("names the statements PostgreSQL refuses in a transaction block", () => {
    expect(outsideTransactionOnly({ IndexStmt: { idxname: "i", concurrent: true } })).toBe("CREATE INDEX CONCURRENTLY");
    expect(outsideTransactionOnly({ VacuumStmt: { rels: [], is_vacuumcmd: true } })).toBe("VACUUM");
    expect(outsideTransactionOnly({ ReindexStmt: { kind: "REINDEX_OBJECT_DATABASE", name: "x" } })).toBe("REINDEX DATABASE/SYSTEM");
    expect(outsideTransactionOnly({ CreatedbStmt: { dbname: "d" } })).toBe("CREATE DATABASE");
    expect(outsideTransactionOnly({ ReindexStmt: { kind: "REINDEX_OBJECT_TABLE", params: [{ DefElem: { defname: "concurrently" } }] } })).toBe("REINDEX CONCURRENTLY");
  });

  it("lets the others run in a transaction", () => {
    expect(outsideTransactionOnly({ IndexStmt: { idxname: "i" } })).toBeUndefined();
    expect(outsideTransactionOnly({ VacuumStmt: { rels: [] } })).toBeUndefined(); // ANALYZE
    expect(outsideTransactionOnly({ ReindexStmt: { kind: "REINDEX_OBJECT_TABLE" } })).toBeUndefined();
    expect(outsideTransactionOnly({ CreateStmt: {} })).toBeUndefined();
  });
});
