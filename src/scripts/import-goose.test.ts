import { describe, expect, it } from "vitest";
import { parseGooseMigrations } from "./import-goose.ts";

const file = (name: string, text: string) => ({ name, text });

const FUNCTION_MIGRATION = `-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION touch();
`;

describe("parseGooseMigrations", () => {
  it("reads Up and Down sections in version order and drops the statement markers", () => {
    const { migrations } = parseGooseMigrations([
      file("00002_touch.sql", FUNCTION_MIGRATION),
      file("00001_create_users.sql", "-- +goose Up\nCREATE TABLE users (id int);\n-- +goose Down\nDROP TABLE users;\n"),
    ]);
    expect(migrations.map((m) => [m.version, m.message])).toEqual([["1", "create users"], ["2", "touch"]]);
    expect(migrations[1]!.upSql).toBe("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$;");
    expect(migrations[1]!.downSql).toBe("DROP FUNCTION touch();");
  });

  it("reads NO TRANSACTION as a transaction: false revision, annotations in any case", () => {
    const [m] = parseGooseMigrations([file("3_idx.sql", "-- +goose NO TRANSACTION\n-- +goose up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose down\nDROP INDEX CONCURRENTLY i;\n")]).migrations;
    expect(m).toMatchObject({ transaction: false, upSql: "CREATE INDEX CONCURRENTLY i ON t (a);", downSql: "DROP INDEX CONCURRENTLY i;" });
  });

  it("refuses Go migrations, ENVSUB, an unclosed StatementBegin and a missing Up, by file", () => {
    expect(() => parseGooseMigrations([file("4_seed.go", "package x")])).toThrow('Cannot import goose migration "4_seed.go": a Go migration cannot be converted');
    expect(() => parseGooseMigrations([file("5_e.sql", "-- +goose ENVSUB ON\n-- +goose Up\nSELECT '${X}';\n")])).toThrow('"5_e.sql" (line 1): ENVSUB');
    expect(() => parseGooseMigrations([file("6_s.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n")])).toThrow("a StatementBegin without its StatementEnd");
    expect(() => parseGooseMigrations([file("7_n.sql", "SELECT 1;\n")])).toThrow('(line 1): a statement before "-- +goose Up"');
    expect(() => parseGooseMigrations([file("8_n.sql", "-- +goose Down\nSELECT 1;\n")])).toThrow('"-- +goose Down" comes before "-- +goose Up"');
  });

  it("refuses two files with one version", () => {
    expect(() => parseGooseMigrations([file("1_a.sql", "-- +goose Up\n"), file("001_b.sql", "-- +goose Up\n")])).toThrow("version 1 is also the version of");
  });
});
