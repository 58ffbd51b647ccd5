/**
 * Lints SQL text in tests: parsed by the real grammar, linted by the real rules. `existing` lists
 * the tables that exist before the SQL runs (with their columns); without a database every table
 * the SQL does not create counts as existing.
 */
import { ALL_RULES } from "../../src/core/lint/rules.ts";
import { lintUnits } from "../../src/core/lint/lint.ts";
import type { ColumnFacts, Finding, LintCatalog, LintOptions, LintUnit, TableFacts } from "../../src/core/lint/types.ts";
import { loadSqlParser, type SqlParser } from "../../src/scripts/sql-parser.ts";

let parser: SqlParser | undefined;

/** The parser, loaded once per test file. */
export async function testParser(): Promise<SqlParser> {
  parser ??= await loadSqlParser();
  return parser;
}

export interface LintTextOptions extends LintOptions {
  /** `transaction` (a transactional revision, the default) or `autocommit` (psql -f, `transaction: false`). */
  readonly mode?: LintUnit["mode"];
  readonly kind?: LintUnit["kind"];
  /** Known tables: `{ "public.users": { rows: 1e6, columns: { email: "text" } } }`; makes the catalog complete. */
  readonly tables?: Readonly<Record<string, { rows?: number; pages?: number; columns?: Readonly<Record<string, string | ColumnFacts>>; notNullChecked?: readonly string[]; indexes?: readonly (readonly string[])[]; partitioned?: boolean }>>;
  readonly serverVersionNum?: number;
}

/** A unit of SQL text, parsed. */
export async function unitOf(sql: string, opts: LintTextOptions = {}, file = "test.sql"): Promise<LintUnit> {
  const p = await testParser();
  return {
    file,
    section: opts.kind === "script" ? "script" : "upgrade",
    kind: opts.kind ?? "revision",
    mode: opts.mode ?? "transaction",
    statements: p.parse(sql).map((s) => ({ node: s.stmt as never, text: sql.slice(s.start, s.end), offset: s.start, leading: s.leading })),
  };
}

/** The catalog a test describes. */
export function catalogOf(opts: LintTextOptions): LintCatalog {
  const tables = new Map<string, TableFacts>();
  for (const [name, t] of Object.entries(opts.tables ?? {})) {
    const columns = new Map<string, ColumnFacts>();
    for (const [column, def] of Object.entries(t.columns ?? {})) columns.set(column, typeof def === "string" ? { type: def, notNull: false } : def);
    tables.set(name, { rows: t.rows, pages: t.pages, columns, notNullChecked: t.notNullChecked, indexes: t.indexes, partitioned: t.partitioned });
  }
  return { serverVersionNum: opts.serverVersionNum, tables, complete: opts.tables !== undefined };
}

/** Lints SQL (one unit, or several run in order) and returns the findings. */
export async function lintSql(sql: string | readonly string[], opts: LintTextOptions = {}): Promise<Finding[]> {
  const texts = typeof sql === "string" ? [sql] : sql;
  const units = await Promise.all(texts.map((text, i) => unitOf(text, opts, `test${i}.sql`)));
  return lintUnits(units, ALL_RULES, catalogOf(opts), opts);
}

/** Just the rule ids found, in order. */
export async function rulesFound(sql: string | readonly string[], opts: LintTextOptions = {}): Promise<string[]> {
  return (await lintSql(sql, opts)).map((f) => f.rule);
}

/** The findings of one rule only. */
export async function findingsOf(rule: string, sql: string | readonly string[], opts: LintTextOptions = {}): Promise<Finding[]> {
  return (await lintSql(sql, opts)).filter((f) => f.rule === rule);
}
