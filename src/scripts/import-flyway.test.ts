import { describe, expect, it } from "vitest";
import { compareFlywayVersions, normaliseFlywayVersion, parseFlywayMigrations } from "./import-flyway.ts";

const file = (name: string, text: string) => ({ name, text });

describe("parseFlywayMigrations", () => {
  it("orders versions part by part, pairs undo files, and reads descriptions", () => {
    const { migrations } = parseFlywayMigrations([
      file("V1.10__later.sql", "SELECT 10;"),
      file("V1.2__add_email.sql", "ALTER TABLE users ADD email text;"),
      file("U1.2__add_email.sql", "ALTER TABLE users DROP email;"),
      file("V1__Create_users.sql", "CREATE TABLE users (id int);"),
      file("V1_2_1__patch.sql", "SELECT 121;"),
    ]);
    expect(migrations.map((m) => [m.version, m.message, m.downSql])).toEqual([
      ["1", "Create users", undefined],
      ["1.2", "add email", "ALTER TABLE users DROP email;"],
      ["1.2.1", "patch", undefined],
      ["1.10", "later", undefined],
    ]);
    expect(migrations[1]!.files).toEqual(["V1.2__add_email.sql", "U1.2__add_email.sql"]);
  });

  it("reads executeInTransaction=false from the script's .conf file", () => {
    const { migrations, skipped } = parseFlywayMigrations([
      file("V3__idx.sql", "CREATE INDEX CONCURRENTLY i ON t (a);"),
      file("V3__idx.sql.conf", "# index built online\nexecuteInTransaction=false\n"),
      file("V4__other.sql", "SELECT 1;"),
    ]);
    expect(migrations.map((m) => m.transaction)).toEqual([false, true]);
    expect(skipped).toEqual([]);
  });

  it("refuses repeatable migrations by name, and an undo without its versioned migration", () => {
    expect(() => parseFlywayMigrations([file("V1__a.sql", ""), file("R__views.sql", "CREATE VIEW v AS SELECT 1;")])).toThrow(
      'Cannot import flyway migration "R__views.sql": a repeatable migration runs again whenever it changes',
    );
    expect(() => parseFlywayMigrations([file("U5__a.sql", "")])).toThrow('"U5__a.sql": undo migration of version 5, which has no V5__ migration');
    expect(() => parseFlywayMigrations([file("Vx__a.sql", "")])).toThrow('"x" is not a version');
  });

  it("normalises versions as Flyway compares them", () => {
    expect(normaliseFlywayVersion("1_2_0")).toBe("1.2");
    expect(normaliseFlywayVersion("01.002")).toBe("1.2");
    expect(normaliseFlywayVersion("1.a")).toBeUndefined();
    expect(compareFlywayVersions("1.2", "1.10")).toBe(-1);
    expect(compareFlywayVersions("2", "1.99")).toBe(1);
  });
});
