import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../config/database-url.ts";
import { alembicRevisionText, sqlalchemyUrl, withoutTransactionControl } from "./alembic-revision.ts";
import { loadSqlParser } from "./sql-parser.ts";
import { parseSqlRevision } from "./sql-revision.ts";

const FIELDS = { id: "ab12cd34ef56", down_revision: ["1111", "2222"], branch_labels: ["billing"], depends_on: ["3333"], message: "merge, with data", create_date: "2024-01-02 03:04:05" };

describe("imported Alembic revisions", () => {
  it("drop Alembic's COMMIT/BEGIN around an autocommit block, and then run outside a transaction", async () => {
    const parser = await loadSqlParser();
    const r = withoutTransactionControl(parser, "ALTER TYPE mood ADD VALUE 'ok';\n\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n\nBEGIN;\n\n");
    expect(r).toEqual({ sql: "ALTER TYPE mood ADD VALUE 'ok';\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n", outsideTransaction: true });
    expect(withoutTransactionControl(parser, "CREATE TABLE t (a int);\n\n")).toEqual({ sql: "CREATE TABLE t (a int);\n\n", outsideTransaction: false });
  });

  it("keep the Alembic revision's header, and read back to the same values", () => {
    const text = alembicRevisionText(FIELDS, { method: "rendered", upgrade: "SELECT 1;\n", downgrade: "SELECT 2;\n", transaction: true, offlineError: null }, "alembic/versions/x.py");
    const parsed = parseSqlRevision(text, "x.sql");
    expect(parsed.header).toMatchObject({ id: FIELDS.id, downRevisions: FIELDS.down_revision, branchLabels: FIELDS.branch_labels, dependsOn: FIELDS.depends_on, createDate: FIELDS.create_date });
    expect(text).not.toContain("PORT BY HAND");
  });

  it("name the Python file and what to port when Alembic could not render them", () => {
    const text = alembicRevisionText(FIELDS, { method: "needs-manual-work", upgrade: "", downgrade: "", transaction: true, offlineError: "upgrade(): NotImplementedError" }, "alembic/versions/x.py");
    expect(text).toContain("-- migrate:upgrade\n-- PORT BY HAND: Alembic could not render alembic/versions/x.py offline\n-- (upgrade(): NotImplementedError).\n-- This section is empty: port upgrade() from alembic/versions/x.py by hand");
    expect(text).toContain("-- This section is empty: port downgrade() from alembic/versions/x.py by hand");
  });

  it("give Alembic the database as a SQLAlchemy URL, password and socket included", () => {
    const url = (s: string) => sqlalchemyUrl(parseDatabaseUrl(s, "--url"));
    expect(url("postgres://me:p%40ss@db.example:6543/app?sslmode=require")).toBe("postgresql://me:p%40ss@db.example:6543/app?sslmode=require");
    expect(url("postgresql+asyncpg://me@localhost/app")).toBe("postgresql://me@localhost:5432/app");
    expect(url("postgresql:///app?host=/var/run/postgresql")).toBe("postgresql:///app?host=%2Fvar%2Frun%2Fpostgresql");
  });
});
