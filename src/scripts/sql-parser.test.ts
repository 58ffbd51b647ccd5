import { beforeAll, describe, expect, it } from "vitest";
import { compileSqlParser, loadSqlParser, SqlSyntaxError, type SqlParser } from "./sql-parser.ts";

let parser: SqlParser;
beforeAll(async () => {
  parser = await loadSqlParser();
});

describe("loadSqlParser", () => {
  it("gives each statement its range and the comments before it", () => {
    const sql = "-- first\nSELECT 1;  -- trailing\n/* block */\nCREATE INDEX i ON t (a)";
    const statements = parser.parse(sql);
    expect(statements.map((s) => sql.slice(s.start, s.end))).toEqual(["SELECT 1", "CREATE INDEX i ON t (a)"]);
    expect(statements.map((s) => s.leading)).toEqual(["-- first\n", "  -- trailing\n/* block */\n"]);
    expect(Object.keys(statements[1]!.stmt)).toEqual(["IndexStmt"]);
  });

  it("turns the grammar's byte offsets into character offsets when the text is not ASCII", () => {
    const sql = "COMMENT ON TABLE t IS 'naïve 🙂';\nALTER TABLE \"été\" ADD COLUMN b int";
    const [first, second] = parser.parse(sql);
    expect(sql.slice(first!.start, first!.end)).toBe("COMMENT ON TABLE t IS 'naïve 🙂'");
    expect(sql.slice(second!.start, second!.end)).toBe('ALTER TABLE "été" ADD COLUMN b int');
    const relation = (second!.stmt as { AlterTableStmt: { relation: { location: number } } }).AlterTableStmt.relation;
    expect(sql.slice(relation.location, relation.location + 5)).toBe('"été"');
  });

  it("reports a syntax error at the character the grammar stopped at", () => {
    const sql = "SELECT 'é';\nSELECT FROM WHERE;";
    let error: unknown;
    try {
      parser.parse(sql);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect((error as SqlSyntaxError).message).toBe('syntax error at or near "WHERE"');
    expect(sql.slice((error as SqlSyntaxError).position)).toBe("WHERE;");
  });

  it("an empty text or one of comments only has no statements", () => {
    expect(parser.parse("")).toEqual([]);
    expect(parser.parse("-- nothing here\n")).toEqual([]);
  });
});

describe("compileSqlParser", () => {
  it("gives a grammar compiled ahead that loadSqlParser starts and parses with", async () => {
    const early = await loadSqlParser(compileSqlParser());
    const sql = "CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id)";
    expect(early.parse(sql).map((s) => Object.keys(s.stmt)[0])).toEqual(["CreateStmt", "IndexStmt"]);
    expect(early.parse(sql).map((s) => [s.start, s.end])).toEqual(parser.parse(sql).map((s) => [s.start, s.end]));
  });

  it("makes loadSqlParser fail, not wait forever, when the compiled module cannot be instantiated", async () => {
    // A module importing "m"."f", which the grammar's glue does not provide.
    const module = new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 0x6d, 1, 0x66, 0, 0]));
    await expect(loadSqlParser(Promise.resolve(module))).rejects.toThrow(/import/i);
  });
});
