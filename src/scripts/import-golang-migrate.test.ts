import { describe, expect, it } from "vitest";
import { parseGolangMigrateMigrations } from "./import-golang-migrate.ts";

const file = (name: string, text: string) => ({ name, text });

describe("parseGolangMigrateMigrations", () => {
  it("pairs up and down files and orders them by the version as a number", () => {
    const { migrations } = parseGolangMigrateMigrations([
      file("10_add_email.up.sql", "ALTER TABLE users ADD email text;\n"),
      file("10_add_email.down.sql", "ALTER TABLE users DROP email;\n"),
      file("2_create_users.up.sql", "CREATE TABLE users (id int);\r\n"),
      file("2_create_users.down.sql", "DROP TABLE users;"),
      file("000011_no_down.up.sql", "SELECT 1;"),
    ]);
    expect(migrations.map((m) => [m.version, m.message, m.upSql, m.downSql, m.files])).toEqual([
      ["2", "create users", "CREATE TABLE users (id int);", "DROP TABLE users;", ["2_create_users.up.sql", "2_create_users.down.sql"]],
      ["10", "add email", "ALTER TABLE users ADD email text;", "ALTER TABLE users DROP email;", ["10_add_email.up.sql", "10_add_email.down.sql"]],
      ["11", "no down", "SELECT 1;", undefined, ["000011_no_down.up.sql"]],
    ]);
    expect(migrations.every((m) => m.transaction)).toBe(true);
  });

  it("lists files that are not migrations as skipped", () => {
    const { skipped } = parseGolangMigrateMigrations([file("1_a.up.sql", "SELECT 1;"), file("notes.txt", "")]);
    expect(skipped.map((s) => s.file)).toEqual(["notes.txt"]);
  });

  it("refuses a down file without its up file, two up files of one version, and a non-SQL migration", () => {
    expect(() => parseGolangMigrateMigrations([file("3_a.down.sql", "")])).toThrow('Cannot import golang-migrate migration "3_a.down.sql": version 3 has a down file but no up file');
    expect(() => parseGolangMigrateMigrations([file("3_a.up.sql", ""), file("03_b.up.sql", "")])).toThrow("version 3 already has an up file");
    expect(() => parseGolangMigrateMigrations([file("3_a.up.json", "")])).toThrow('a ".json" migration is not SQL');
  });
});
