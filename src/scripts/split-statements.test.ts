import { describe, expect, it } from "vitest";
import { positionInSection, splitStatements, statementAt } from "./split-statements.ts";

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

describe("splitStatements", () => {
  it("splits at semicolons and keeps a last statement without one", () => {
    const sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nDROP TABLE c";
    expect(splitStatements(sql)).toEqual([
      { text: "CREATE TABLE a (id int)", offset: 0, end: 24 },
      { text: "CREATE TABLE b (id int)", offset: 25, end: 49 },
      { text: "DROP TABLE c", offset: 50, end: sql.length },
    ]);
  });

  it("yields nothing for empty statements, blank space and comments", () => {
    expect(splitStatements("")).toEqual([]);
    expect(splitStatements(";;  ;\n;")).toEqual([]);
    expect(splitStatements("-- only a comment\n/* and /* a nested */ one */ ;\n")).toEqual([]);
    expect(texts("SELECT 1;;; SELECT 2;")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("leaves comments around a statement out of its text but keeps those inside", () => {
    const sql = "-- why\n/* how */ SELECT 1 /* inner */ + 2 -- trailing\n;\n-- after";
    const [s] = splitStatements(sql);
    expect(s).toEqual({ text: "SELECT 1 /* inner */ + 2", offset: sql.indexOf("SELECT"), end: sql.indexOf(";") + 1 });
  });

  it("gives offsets that point at each statement's first character", () => {
    const sql = "  \n\tINSERT INTO t VALUES (1);   /* c */  UPDATE t SET x = 1 / 0;";
    for (const s of splitStatements(sql)) {
      expect(sql.slice(s.offset, s.offset + s.text.length)).toBe(s.text);
      expect(sql[s.end - 1]).toBe(";");
    }
    expect(splitStatements(sql).map((s) => sql.slice(s.offset, s.offset + 6))).toEqual(["INSERT", "UPDATE"]);
  });

  describe("single-quoted strings", () => {
    it("ignore semicolons and treat '' as an escaped quote", () => {
      expect(texts("SELECT 'a;b', 'it''s; ok'; SELECT 2")).toEqual(["SELECT 'a;b', 'it''s; ok'", "SELECT 2"]);
    });

    it("take backslash literally (standard_conforming_strings = on)", () => {
      expect(texts("SELECT 'C:\\'; SELECT 2")).toEqual(["SELECT 'C:\\'", "SELECT 2"]);
    });

    it("treat B'', X'' and N'' as ordinary strings", () => {
      expect(texts("SELECT B'0;1', X'1;F', N'x;y'; SELECT 2")).toHaveLength(2);
    });
  });

  describe("E'' strings", () => {
    it("honour backslash escapes, upper or lower case", () => {
      expect(texts("SELECT E'it\\'s; here'; SELECT e'\\\\'; SELECT 3")).toEqual([
        "SELECT E'it\\'s; here'",
        "SELECT e'\\\\'",
        "SELECT 3",
      ]);
    });

    it("take both '' and \\' as escaped quotes", () => {
      expect(texts("SELECT E'it''s\\'; still'; SELECT 2")).toEqual(["SELECT E'it''s\\'; still'", "SELECT 2"]);
    });

    it("need the E to be a token of its own: xe'…' is an identifier and a plain string", () => {
      expect(texts("SELECT xe'\\'; SELECT 2")).toEqual(["SELECT xe'\\'", "SELECT 2"]);
      expect(texts("SELECT x.E'\\';'; SELECT 2")).toEqual(["SELECT x.E'\\';'", "SELECT 2"]);
    });
  });

  it("reads U&'' strings and U&\"\" identifiers like plain ones: no backslash escape", () => {
    expect(texts("SELECT U&'d\\0061t;a\\'; SELECT U&\"d;\"\"x\" FROM t; SELECT 3")).toEqual([
      "SELECT U&'d\\0061t;a\\'",
      'SELECT U&"d;""x" FROM t',
      "SELECT 3",
    ]);
    expect(texts("SELECT U&'!0061;' UESCAPE '!'; SELECT 2")).toHaveLength(2);
  });

  it("skips double-quoted identifiers with \"\" escapes", () => {
    expect(texts('CREATE TABLE "a;b" ("x"";y" int); SELECT 2')).toEqual(['CREATE TABLE "a;b" ("x"";y" int)', "SELECT 2"]);
  });

  describe("dollar quoting", () => {
    it("skips $$ and $tag$ bodies, with other tags nested inside", () => {
      const sql = "DO $outer$ BEGIN EXECUTE $$SELECT 1; SELECT 2$$; PERFORM $x$;$x$; END $outer$; SELECT 3";
      expect(texts(sql)).toEqual([sql.slice(0, sql.indexOf("; SELECT 3")), "SELECT 3"]);
    });

    it("ends a body right after its closing delimiter, even when another opens there", () => {
      expect(texts("SELECT $a$x$a$$$;$$; SELECT $$x$$$b$;$b$; SELECT 3")).toEqual(["SELECT $a$x$a$$$;$$", "SELECT $$x$$$b$;$b$", "SELECT 3"]);
    });

    it("matches tags case-sensitively", () => {
      expect(texts("SELECT $A$ ; $a$ ; $A$; SELECT 2")).toEqual(["SELECT $A$ ; $a$ ; $A$", "SELECT 2"]);
    });

    it("does not take $1 for a tag", () => {
      expect(texts("SELECT $1; SELECT $2$; SELECT 3")).toEqual(["SELECT $1", "SELECT $2$", "SELECT 3"]);
    });

    it("does not open a quote inside an identifier or at a lone $", () => {
      expect(texts("SELECT a$$b; SELECT $x; SELECT 3")).toEqual(["SELECT a$$b", "SELECT $x", "SELECT 3"]);
      expect(texts("SELECT 1$$;$$; SELECT 2")).toEqual(["SELECT 1$$;$$", "SELECT 2"]);
    });

    it("accepts non-ASCII tags", () => {
      expect(texts("SELECT $été$ ; $été$; SELECT 2")).toEqual(["SELECT $été$ ; $été$", "SELECT 2"]);
    });
  });

  describe("comments", () => {
    it("skip -- comments up to the end of the line, LF or CR", () => {
      expect(texts("SELECT 1 -- no; split\n, 2; SELECT 3 -- x;\r, 4")).toEqual(["SELECT 1 -- no; split\n, 2", "SELECT 3 -- x;\r, 4"]);
      expect(texts("SELECT 1; -- at the end; of input")).toEqual(["SELECT 1"]);
    });

    it("nest /* */ comments", () => {
      expect(texts("/* a /* b; */ still; inside */ SELECT 1; SELECT /* ; /* ; */ ; */ 2")).toEqual([
        "SELECT 1",
        "SELECT /* ; /* ; */ ; */ 2",
      ]);
    });

    it("start a comment inside an operator: *-- and +/*", () => {
      expect(texts("SELECT 2 *-- a; comment\n3; SELECT 1 +/* ; */ 1")).toEqual(["SELECT 2 *-- a; comment\n3", "SELECT 1 +/* ; */ 1"]);
    });
  });

  describe("BEGIN ATOMIC bodies", () => {
    it("keep a SQL-standard function body in one statement", () => {
      const fn = "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT a + b;\nEND";
      expect(texts(`${fn};\nSELECT add(1, 2);`)).toEqual([fn, "SELECT add(1, 2)"]);
    });

    it("do not end at the END of a nested CASE", () => {
      const fn =
        "create or replace procedure p(x int) language sql begin atomic\n" +
        "  insert into t values (case when x > 0 then 1 else 0 end);\n" +
        "  select case x when 1 then 'a' end;\n" +
        "  update t set y = case when true then 2 end;\n" +
        "end";
      expect(texts(`${fn}; select 1`)).toEqual([fn, "select 1"]);
    });

    it("apply to CREATE OR REPLACE FUNCTION and CREATE PROCEDURE, in any case", () => {
      for (const head of ["CREATE OR REPLACE FUNCTION f()", "Create Procedure p()", "create or replace PROCEDURE p()"]) {
        const stmt = `${head} BEGIN ATOMIC SELECT 1; SELECT 2; END`;
        expect(texts(`${stmt}; SELECT 3;`)).toEqual([stmt, "SELECT 3"]);
      }
    });

    it("are recognised in a routine that follows other statements", () => {
      const fn = "CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END";
      expect(texts(`SELECT 0; ${fn}; SELECT 3`)).toEqual(["SELECT 0", fn, "SELECT 3"]);
    });

    it("need BEGIN right before ATOMIC, so a parameter named begin opens nothing (unlike psql)", () => {
      const fn = "CREATE FUNCTION span(begin date, finish date) RETURNS int LANGUAGE sql RETURN finish - begin";
      expect(texts(`${fn}; CREATE INDEX CONCURRENTLY i ON t (x); SELECT 2`)).toEqual([fn, "CREATE INDEX CONCURRENTLY i ON t (x)", "SELECT 2"]);
      const atomic = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN -- standard\n/* body */ ATOMIC SELECT 1; END";
      expect(texts(`${atomic}; SELECT 2`)).toEqual([atomic, "SELECT 2"]);
      expect(texts("CREATE FUNCTION f() BEGIN x ATOMIC; SELECT 2")).toHaveLength(2);
    });

    it("look only at the statement's own first words", () => {
      const sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN 1; SELECT begin atomic FROM t; SELECT 2";
      expect(texts(sql)).toHaveLength(3);
    });

    it("ignore BEGIN ATOMIC inside parentheses", () => {
      expect(texts("CREATE FUNCTION f(begin atomic) RETURNS int LANGUAGE sql RETURN 1; SELECT 2")).toHaveLength(2);
    });

    it("leave transaction blocks and CASE … END elsewhere alone", () => {
      expect(texts("BEGIN; SELECT CASE WHEN true THEN 1 END; END; COMMIT")).toEqual([
        "BEGIN",
        "SELECT CASE WHEN true THEN 1 END",
        "END",
        "COMMIT",
      ]);
      expect(texts("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f(); BEGIN; SELECT 1;")).toHaveLength(3);
    });

    it("track nothing for a function with a quoted body", () => {
      const fn = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$";
      expect(texts(`${fn}; SELECT 2`)).toEqual([fn, "SELECT 2"]);
    });
  });

  it("reads a letter glued to a number as junk, not as an E'' prefix (PostgreSQL 16)", () => {
    expect(texts("SELECT 1e'\\'; SELECT .5e'\\'; SELECT 2")).toEqual(["SELECT 1e'\\'", "SELECT .5e'\\'", "SELECT 2"]);
  });

  it("does not split at a semicolon inside parentheses, as psql does not", () => {
    expect(texts("SELECT (1; 2); SELECT 3")).toEqual(["SELECT (1; 2)", "SELECT 3"]);
    expect(texts("SELECT 1); SELECT 2")).toEqual(["SELECT 1)", "SELECT 2"]);
  });

  it("treats psql meta-commands as plain SQL text", () => {
    expect(texts("\\set x 1\nSELECT :x; \\i other.sql")).toEqual(["\\set x 1\nSELECT :x", "\\i other.sql"]);
  });

  describe("unterminated input", () => {
    it.each([
      ["a string", "SELECT 1; SELECT 'abc; SELECT 2;", "SELECT 'abc; SELECT 2;"],
      ["an E string", "SELECT 1; SELECT E'\\'; SELECT 2;", "SELECT E'\\'; SELECT 2;"],
      ["an identifier", 'SELECT 1; SELECT "abc; SELECT 2;', 'SELECT "abc; SELECT 2;'],
      ["a dollar quote", "SELECT 1; DO $b$ x; SELECT 2; $$;", "DO $b$ x; SELECT 2; $$;"],
      ["a block comment", "SELECT 1; /* a /* b */ SELECT 2;", "/* a /* b */ SELECT 2;"],
      ["a parenthesis", "SELECT 1; SELECT (1; SELECT 2;", "SELECT (1; SELECT 2;"],
    ])("makes the rest after %s one statement", (_, sql, rest) => {
      const statements = splitStatements(sql);
      expect(statements.map((s) => s.text)).toEqual(["SELECT 1", rest]);
      expect(statements[1]!.end).toBe(sql.length);
    });

    it("keeps a lone unterminated comment, so the server reports it", () => {
      expect(texts("SELECT 1;\n/* forgot to close\nCREATE TABLE t ();")).toEqual(["SELECT 1", "/* forgot to close\nCREATE TABLE t ();"]);
    });

    it("never throws on a trailing backslash, quote or dollar", () => {
      for (const sql of ["E'\\", "'", '"', "$", "$a", "$a$", "/*", "--", "-", "/", "E", "U&", "$1"]) {
        expect(() => splitStatements(sql)).not.toThrow();
      }
    });
  });

  describe("realistic revisions", () => {
    it("splits a plpgsql trigger function, its trigger and a table", () => {
      const fn = `CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := now(); -- keep it fresh; always
  IF NEW.note = 'it''s; fine' THEN
    RAISE NOTICE 'semicolon; inside';
  END IF;
  RETURN NEW;
END;
$fn$`;
      const table = "CREATE TABLE notes (id bigint PRIMARY KEY, note text, updated_at timestamptz)";
      const trigger =
        "CREATE TRIGGER notes_updated_at BEFORE UPDATE ON notes\n  FOR EACH ROW EXECUTE FUNCTION set_updated_at()";
      const sql = `-- revision body\n${table};\n\n${fn};\n\n${trigger};\n`;
      const statements = splitStatements(sql);
      expect(statements.map((s) => s.text)).toEqual([table, fn, trigger]);
      expect(statements.map((s) => s.offset)).toEqual([sql.indexOf(table), sql.indexOf(fn), sql.indexOf(trigger)]);
    });

    it("splits a transaction: false revision into its statements", () => {
      const sql = `-- Cannot run inside a transaction block
CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email));
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh;' AFTER 'ok';
ALTER TYPE "Mood;Type" ADD VALUE 'new';
VACUUM (ANALYZE) users;
`;
      expect(texts(sql)).toEqual([
        "CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email))",
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh;' AFTER 'ok'",
        `ALTER TYPE "Mood;Type" ADD VALUE 'new'`,
        "VACUUM (ANALYZE) users",
      ]);
    });

    it("handles CRLF line endings", () => {
      const sql = "-- a\r\nCREATE TABLE a (id int);\r\n-- b; c\r\nINSERT INTO a\r\nVALUES (1);\r\n";
      const statements = splitStatements(sql);
      expect(statements.map((s) => s.text)).toEqual(["CREATE TABLE a (id int)", "INSERT INTO a\r\nVALUES (1)"]);
      expect(statements[1]!.offset).toBe(sql.indexOf("INSERT"));
    });

    it("counts offsets in UTF-16 units through non-ASCII text", () => {
      const sql = "INSERT INTO t VALUES ('😀; é'); -- ✓;\nUPDATE \"tâble\" SET x = 1;";
      const statements = splitStatements(sql);
      expect(statements.map((s) => s.text)).toEqual(["INSERT INTO t VALUES ('😀; é')", 'UPDATE "tâble" SET x = 1']);
      expect(statements[1]!.offset).toBe(sql.indexOf("UPDATE"));
    });

    it("reads a no-break space as part of an identifier, as PostgreSQL does", () => {
      expect(splitStatements("\u00a0;")).toEqual([{ text: "\u00a0", offset: 0, end: 2 }]);
    });
  });

  it("splits a 5 MB input in one pass", () => {
    const chunk = "INSERT INTO t VALUES ('a;b', $$c;d$$, E'it\\'s;') /* ; */; -- ;\n";
    const count = Math.ceil((5 * 1024 * 1024) / chunk.length);
    const statements = splitStatements(chunk.repeat(count));
    expect(statements).toHaveLength(count);
    expect(statements.at(-1)!.text).toBe(statements[0]!.text);
  });

  it("handles 100,000 nested comment openers without recursion", () => {
    expect(splitStatements("/*".repeat(100_000) + "*/".repeat(100_000) + "SELECT 1")).toHaveLength(1);
  });
});

describe("statementAt", () => {
  const sql = "SELECT 1;  -- gap\nSELECT 2 / 0;";
  const statements = splitStatements(sql);

  it("finds the statement holding an offset, its terminator included", () => {
    expect(statementAt(statements, 0)?.text).toBe("SELECT 1");
    expect(statementAt(statements, sql.indexOf(";"))?.text).toBe("SELECT 1");
    expect(statementAt(statements, sql.indexOf("/"))?.text).toBe("SELECT 2 / 0");
  });

  it("finds nothing between statements or past the end", () => {
    expect(statementAt(statements, sql.indexOf("gap"))).toBeUndefined();
    expect(statementAt(statements, sql.length)).toBeUndefined();
    expect(statementAt([], 0)).toBeUndefined();
  });
});

describe("positionInSection", () => {
  it("turns a position inside a statement into a character position in the section", () => {
    const sql = "SELECT '😀';\nSELECT 1 / 0;";
    const second = splitStatements(sql)[1]!;
    // "😀" is two UTF-16 units but one character to PostgreSQL.
    expect(positionInSection(sql, second)).toBe(Array.from(sql.slice(0, second.offset)).length + 1);
    expect(positionInSection(sql, second, 10)).toBe(Array.from(sql.slice(0, sql.indexOf("/"))).length + 1);
  });
});

describe("withoutComments", () => {
  it("drops comments and layout, keeps quoted text", async () => {
    const { withoutComments } = await import("./split-statements.ts");
    const a = "CREATE TABLE t (\n  id int, -- the key\n  /* note */ v text DEFAULT '--not a comment'\n);";
    const b = "create table t (id int, v text default '--not a comment');";
    expect(withoutComments(a)).toBe("CREATE TABLE t ( id int, v text DEFAULT '--not a comment' );");
    expect(withoutComments("select $$ a  -- b $$;")).toBe("select $$ a  -- b $$;");
    expect(withoutComments("select 'x'; -- trailing\n")).toBe("select 'x';");
    expect(withoutComments(a)).not.toBe(withoutComments(b));
    expect(withoutComments("select  1;\n\n/* c */")).toBe(withoutComments("select 1;"));
  });
});
