import { describe, expect, it } from "vitest";
import { ForeignMigrationError } from "./errors-import.ts";
import { importedRevisionId } from "./foreign-migration.ts";
import { parseDbmateMigrations } from "./import-dbmate.ts";

const file = (name: string, text: string) => ({ name, text });

describe("parseDbmateMigrations", () => {
  it("reads the up and down blocks in file-name order, with the description as message and the timestamp as date", () => {
    const { migrations, skipped } = parseDbmateMigrations([
      file("20240102000000_add_email.sql", "-- migrate:up\nALTER TABLE users ADD email text;\n\n-- migrate:down\nALTER TABLE users DROP email;\n"),
      file("20240101093000_create_users.sql", "-- migrate:up\nCREATE TABLE users (id int);\n-- migrate:down\nDROP TABLE users;\n"),
      file("README.md", "notes"),
    ]);
    expect(migrations.map((m) => [m.version, m.message, m.upSql, m.downSql, m.transaction, m.createDate])).toEqual([
      ["20240101093000", "create users", "CREATE TABLE users (id int);", "DROP TABLE users;", true, "2024-01-01 09:30:00"],
      ["20240102000000", "add email", "ALTER TABLE users ADD email text;", "ALTER TABLE users DROP email;", true, "2024-01-02 00:00:00"],
    ]);
    expect(skipped).toEqual([{ file: "README.md", reason: "dbmate reads only files named <version>_<name>.sql" }]);
  });

  it("keeps transaction:false of either block as a transaction: false revision", () => {
    const up = parseDbmateMigrations([file("1_idx.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n")]);
    expect(up.migrations[0]!.transaction).toBe(false);
    const down = parseDbmateMigrations([file("1_idx.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n")]);
    expect(down.migrations[0]!.transaction).toBe(false);
  });

  it("reads a migration without a down block as one with no downgrade, and a non-timestamp version without a date", () => {
    const [m] = parseDbmateMigrations([file("0001_init.sql", "-- a comment\n-- migrate:up\nSELECT 1;\n")]).migrations;
    expect(m).toMatchObject({ version: "0001", downSql: undefined, createDate: undefined });
  });

  it("refuses a file with no up block, a statement outside the blocks, and an unknown option, naming the file and line", () => {
    const fail = (text: string) => () => parseDbmateMigrations([file("7_x.sql", text)]);
    expect(fail("SELECT 1;\n")).toThrow('Cannot import dbmate migration "7_x.sql" (line 1): a statement before "-- migrate:up"');
    expect(fail("-- nothing\n")).toThrow('Cannot import dbmate migration "7_x.sql": no "-- migrate:up" block');
    expect(fail("-- migrate:up foo:bar\nSELECT 1;\n")).toThrow('(line 1): unknown option "foo:bar"');
    expect(fail("-- migrate:down\nSELECT 1;\n-- migrate:up\n")).toThrow(ForeignMigrationError);
  });

  it("refuses two files with one version", () => {
    expect(() => parseDbmateMigrations([file("1_a.sql", "-- migrate:up\n"), file("1_b.sql", "-- migrate:up\n")])).toThrow('version 1 is also the version of "1_a.sql"');
  });

  it("derives stable 12-hex ids from tool and version", () => {
    expect(importedRevisionId("dbmate", "20240101093000")).toMatch(/^[0-9a-f]{12}$/);
    expect(importedRevisionId("dbmate", "1")).toBe(importedRevisionId("dbmate", "1"));
    expect(importedRevisionId("dbmate", "1")).not.toBe(importedRevisionId("goose", "1"));
  });
});
