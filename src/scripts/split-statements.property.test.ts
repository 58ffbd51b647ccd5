import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitStatements, statementAt, type SqlStatement } from "./split-statements.ts";

// Characters that change the lexer's state, so arbitrary strings over them hit the edge cases.
const SQL_CHARS = ["'", '"', "$", ";", "-", "/", "*", "\\", "E", "e", "U", "&", "(", ")", " ", "\n", "\r", "1", "a", "_", "é", "😀"];
const SQL_WORDS = ["begin", "END", "case", "create", "or", "replace", "function", "procedure", "atomic", "$$", "$a$", "--", "/*", "*/"];

const sqlSoup = fc
  .array(fc.oneof(fc.constantFrom(...SQL_CHARS), fc.constantFrom(...SQL_WORDS)), { maxLength: 60 })
  .map((parts) => parts.join(""));
const anyInput = fc.oneof(sqlSoup, fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme-ascii" }));

// Text with `;`, quotes, dollars and comment openers, to put inside quoted tokens.
const tricky = fc
  .array(fc.oneof(fc.constantFrom(";", "'", '"', "$", "$$", "$a$", "\\", "--", "/*", "*/", "\n", "\r\n", "end"), fc.string({ maxLength: 4 })), { maxLength: 8 })
  .map((parts) => parts.join(""));
const word = fc.stringMatching(/^[a-z_][a-z0-9_$]{0,8}$/).filter((w) => !["begin", "case", "end"].includes(w));

// Significant tokens that never end a statement, each carrying a `;` where it can.
const quotedToken = fc.oneof(
  tricky.map((t) => `'${t.replaceAll("'", "''")}'`),
  tricky.map((t) => `E'${t.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`),
  tricky.map((t) => `U&'${t.replaceAll("'", "''")}'`),
  tricky.map((t) => `"${t.replaceAll('"', '""')};"`),
  fc
    .tuple(fc.constantFrom("", "fn", "body_1", "été"), tricky)
    .filter(([tag, body]) => (body + `$${tag}$`).indexOf(`$${tag}$`) === body.length)
    .map(([tag, body]) => `$${tag}$${body}$${tag}$`),
);
const plainToken = fc.oneof(word, fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), fc.constantFrom("$1", "+", "-", "*", "/", "<>", ",", ".", "::", "[", "]"));
const innerToken = fc.oneof(plainToken, quotedToken, fc.constant(";"));
const parenToken = fc.array(innerToken, { maxLength: 4 }).map((ts) => `(${ts.join(" ")})`);
const token = fc.oneof(plainToken, quotedToken, parenToken);

const blank = fc.constantFrom(" ", "\n", "\t", "\r\n", "  \n ");
const comment = fc.oneof(
  tricky.map((t) => `-- ${t.replace(/[\r\n]/g, " ")}\n`),
  fc.constantFrom("/* ; */", "/* a /* nested; */ b; */", "/**/", "/* it's $$ */"),
);
// Between two tokens: never empty, so neighbours cannot merge ("E" + "'x'", "-" + "-").
const separator = fc.tuple(blank, fc.option(fc.tuple(comment, blank).map(([c, b]) => c + b))).map(([b, c]) => b + (c ?? ""));

const atomicStatement = fc
  .tuple(fc.constantFrom("CREATE FUNCTION f() RETURNS int LANGUAGE sql", "create or replace procedure p(x int)"), fc.array(fc.array(token, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }))
  .map(([head, body]) => `${head} BEGIN ATOMIC ${body.map((ts) => `SELECT CASE WHEN ${ts.join(" ")} THEN 1 END;`).join(" ")} END`);
const statement = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 8 }).map((ts) => ts.map(([t, s], i) => (i === 0 ? t : s + t)).join("")) },
  { weight: 1, arbitrary: atomicStatement },
);

interface Script {
  readonly sql: string;
  readonly expected: readonly { text: string; offset: number }[];
}
// Statements joined by `;`, with blank space, comments and empty statements around them.
const script: fc.Arbitrary<Script> = fc
  .array(fc.tuple(fc.option(separator), statement, fc.option(separator), fc.constantFrom(";", ";;", "; ;")), { maxLength: 8 })
  .chain((parts) => fc.boolean().map((dropLast) => ({ parts, dropLast })))
  .map(({ parts, dropLast }) => {
    let sql = "";
    const expected: { text: string; offset: number }[] = [];
    parts.forEach(([before, text, after, terminator], i) => {
      sql += before ?? "";
      expected.push({ text, offset: sql.length });
      sql += text + (after ?? "");
      if (!(dropLast && i === parts.length - 1)) sql += terminator;
    });
    return { sql, expected };
  });

/** Whether the input's last statement is still open (no `;` of its own): text appended on a new line joins it. */
function lastIsOpen(sql: string, statements: readonly SqlStatement[]): boolean {
  return statements.length > 0 && splitStatements(`${sql}\nx`).length === statements.length;
}

/** Checks the invariants every split must satisfy; `sql` is the input. */
function checkInvariants(sql: string, statements: readonly SqlStatement[]): void {
  const open = lastIsOpen(sql, statements);
  let previousEnd = 0;
  statements.forEach((s, i) => {
    expect(s.text.length).toBeGreaterThan(0);
    expect(s.offset).toBeGreaterThanOrEqual(previousEnd);
    expect(sql.slice(s.offset, s.end).startsWith(s.text)).toBe(true);
    if (open && i === statements.length - 1) {
      expect(s.end).toBe(sql.length);
    } else {
      // Ended by its own `;`, which is not part of the text.
      expect(s.end).toBeGreaterThan(s.offset + s.text.length);
      expect(sql[s.end - 1]).toBe(";");
    }
    // The text is trimmed of blank space and comments at both ends: re-splitting it gives itself.
    expect(splitStatements(s.text).map((r) => r.text)).toEqual([s.text]);
    // What lies between statements is only blank space, comments and empty `;`s.
    expect(splitStatements(sql.slice(previousEnd, s.offset))).toEqual([]);
    expect(statementAt(statements, s.offset)).toBe(s);
    previousEnd = s.end;
  });
  expect(splitStatements(sql.slice(previousEnd))).toEqual([]);
}

describe("splitStatements properties", () => {
  it("never throws and keeps its invariants on arbitrary input", () => {
    fc.assert(
      fc.property(anyInput, (sql) => {
        checkInvariants(sql, splitStatements(sql));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives back the same statements when its pieces are joined again", () => {
    fc.assert(
      fc.property(anyInput, (sql) => {
        const statements = splitStatements(sql);
        const texts = statements.map((s) => s.text);
        // Every statement but an open last one ended at a real terminator, so a fresh ";" ends it too.
        const open = lastIsOpen(sql, statements);
        const rejoined = texts.map((t, i) => (open && i === texts.length - 1 ? t : `${t};`)).join("\n");
        expect(splitStatements(rejoined).map((s) => s.text)).toEqual(texts);
      }),
      { numRuns: 2000 },
    );
  });

  it("splits generated scripts exactly where their statements end, whatever the quoted parts hold", () => {
    fc.assert(
      fc.property(script, ({ sql, expected }) => {
        const statements = splitStatements(sql);
        expect(statements.map(({ text, offset }) => ({ text, offset }))).toEqual(expected);
        checkInvariants(sql, statements);
      }),
      { numRuns: 2000 },
    );
  });
});
