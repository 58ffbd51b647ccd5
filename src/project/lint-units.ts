/**
 * Turning files into what the lint checks: a revision's sections (each in its revision's
 * transaction mode) or a plain SQL file (run as `psql -f` runs it), parsed by PostgreSQL's grammar,
 * with a way back from an offset in a unit to `line:column` and the line's text in the file.
 */
import { ignoredRulesIn } from "../core/lint/ignore.ts";
import type { LintStatement, LintUnit } from "../core/lint/types.ts";
import { SqlSyntaxError, type SqlParser } from "../scripts/sql-parser.ts";
import type { SqlRevisionSource } from "../scripts/revision-files.ts";
import { sectionPosition, type SqlSection } from "../scripts/sql-revision.ts";
import { LintParseError } from "./errors-lint.ts";

/** Where an offset of a unit's text is in its file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
}

/** A unit with the function that places its offsets in the file. */
export interface LocatedUnit {
  readonly unit: LintUnit;
  readonly locate: (offset: number) => SourcePosition;
}

/** A revision's sections as units; the downgrade is undefined when the file has none. */
export interface RevisionUnits {
  readonly upgrade: LocatedUnit;
  readonly downgrade: LocatedUnit | undefined;
}

/** The units of a SQL revision file (`downgrade`: its downgrade section too, when it has one); `shown` is its path as printed. */
export function revisionUnits(file: SqlRevisionSource, parser: SqlParser, shown: string, downgrade = true): RevisionUnits {
  // The header is everything before the upgrade section: its ignore lines cover the whole file.
  const ignoredRules = ignoredRulesIn(file.text.slice(0, file.upgrade.offset));
  const mode = file.transaction ? "transaction" : "autocommit";
  const unitOf = (section: SqlSection, name: "upgrade" | "downgrade"): LocatedUnit => {
    const locate = (offset: number) => sectionPosition(file.text, section, codePointsBefore(section.sql, offset) + 1);
    return {
      unit: { file: shown, section: name, kind: "revision", mode, statements: parseOrThrow(parser, section.sql, shown, locate), ignoredRules },
      locate,
    };
  };
  return { upgrade: unitOf(file.upgrade, "upgrade"), downgrade: file.downgrade === undefined || !downgrade ? undefined : unitOf(file.downgrade, "downgrade") };
}

/** A plain SQL file as one unit: statements on their own unless grouped by BEGIN … COMMIT. */
export function scriptUnit(text: string, parser: SqlParser, shown: string): LocatedUnit {
  const sql = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const locate = (offset: number) => textPosition(sql, offset);
  return { unit: { file: shown, section: "script", kind: "script", mode: "autocommit", statements: parseOrThrow(parser, sql, shown, locate) }, locate };
}

function parseOrThrow(parser: SqlParser, sql: string, shown: string, locate: (offset: number) => SourcePosition): LintStatement[] {
  try {
    return parser.parse(sql).map((s) => ({ node: s.stmt as unknown as LintStatement["node"], text: sql.slice(s.start, s.end), offset: s.start, leading: s.leading }));
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new LintParseError(shown, locate(error.position), error.message);
    throw error;
  }
}

/** Code points in `text` before UTF-16 index `offset` (PostgreSQL counts characters). */
function codePointsBefore(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset) i++;
    n++;
  }
  return n;
}

/** Line and column (1-based, in code points) of `offset` in `text`, with the line's text. */
export function textPosition(text: string, offset: number): SourcePosition {
  const clamped = Math.min(Math.max(0, offset), text.length);
  const lineStart = text.lastIndexOf("\n", clamped - 1) + 1;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < lineStart; i = text.indexOf("\n", i + 1)) line++;
  const lineEnd = text.indexOf("\n", lineStart);
  const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, "");
  return { line, column: codePointsBefore(text.slice(lineStart), clamped - lineStart) + 1, lineText };
}
