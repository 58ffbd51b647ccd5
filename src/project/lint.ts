/**
 * The lint as a service of the project: lint revisions (as one deploy applies them, or each as
 * deployed on its own) and plain SQL files, with the database's catalog for context when there is
 * one, and place every finding at `file:line:col`. Used by `lint`, `upgrade`, `check --lint`,
 * `revision --autogenerate` and watch.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { closestMatch } from "../config/_closest.ts";
import { joinUnits, Linter } from "../core/lint/lint.ts";
import { ALL_RULES } from "../core/lint/rules.ts";
import { notNullCheckColumn } from "../core/lint/schema-state.ts";
import type { ColumnFacts, Finding, LintCatalog, LintOptions, LintUnit, Severity, TableFacts } from "../core/lint/types.ts";
import { withConnection, type Sql } from "../db/connect.ts";
import { readLintCatalog, type LintCatalogRows } from "../db/lint-catalog.ts";
import type { SqlRevisionSource } from "../scripts/revision-files.ts";
import { loadSqlParser, SqlSyntaxError, type SqlParser } from "../scripts/sql-parser.ts";
import type { Context } from "./context.ts";
import { connectOptions } from "./database.ts";
import { LintFileError, LintParseError, UnknownLintRuleError } from "./errors-lint.ts";
import { revisionUnits, scriptUnit, type LocatedUnit, type RevisionUnits, type SourcePosition } from "./lint-units.ts";
import type { Project } from "./project.ts";

/** A finding with its place in the file. */
export interface PlacedFinding extends Finding, SourcePosition {}

/** What a lint found, and what it looked at. */
export interface LintReport {
  readonly findings: readonly PlacedFinding[];
  /** The files linted, as shown, with their sections. */
  readonly files: readonly { readonly file: string; readonly sections: readonly string[] }[];
  /** Files not linted, and why (TypeScript revisions: their SQL is only known when they run). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Whether a database gave context (sizes, column types, server version). */
  readonly database: "connected" | "not configured" | "unreachable";
  readonly serverVersionNum: number | null;
  /** What `lint --trace` runs to check the findings against the server; not part of the document. */
  readonly traces?: readonly TracePlan[];
}

/** Units to trace in the scratch database, from the state after some revisions. */
export interface TracePlan {
  /** Version-table rows the scratch database starts from (`[]`: empty). */
  readonly startAfter: readonly string[];
  /** The upgrade sections (or plain files) linted, in the order they run. */
  readonly units: readonly LintUnit[];
  /** Each unit as deployed on its own (its tables exist for the next), not one deploy. */
  readonly eachDeployed: boolean;
}

/** What a lint run needs besides the files: the parser, the catalog and the options. */
export interface LintSession {
  readonly parser: SqlParser;
  readonly catalog: LintCatalog;
  readonly database: LintReport["database"];
  readonly options: LintOptions;
  /** Paths are shown relative to this directory (the working directory of the CLI). */
  readonly baseDir: string;
}

const NO_CATALOG: LintCatalog = { tables: new Map(), complete: false };

/**
 * Loads the parser and, when a database is configured, its catalog (`sql`: read it on that
 * connection), the two at once. `database`: "required" makes an unreachable database an error
 * (linting what a database has not applied); "optional" only loses the context; "none" does not
 * ask (watch: the scratch database's empty tables would say every table is small). `grammar`:
 * the parser's WebAssembly, when its compile was started earlier (compileSqlParser).
 */
export async function openLintSession(
  ctx: Context,
  opts: {
    readonly database: "required" | "optional" | "none";
    readonly baseDir?: string;
    readonly sql?: Sql;
    readonly grammar?: Promise<WebAssembly.Module> | undefined;
    /** The catalog, when the caller began reading it earlier on `sql`. */
    readonly catalog?: Promise<LintCatalogRows> | undefined;
  },
): Promise<LintSession> {
  const options = lintOptions(ctx);
  const baseDir = opts.baseDir ?? ctx.config.projectDir;
  const parsing = loadSqlParser(opts.grammar);
  const url = ctx.config.databaseUrl;
  if (opts.database === "none" || (url === undefined && opts.sql === undefined)) return { options, parser: await parsing, baseDir, catalog: NO_CATALOG, database: "not configured" };
  const reading = opts.catalog ?? (opts.sql !== undefined ? readLintCatalog(opts.sql) : withConnection(url!, connectOptions(ctx), readLintCatalog));
  // Settled before either is looked at, so neither failure is left unhandled while the other is awaited.
  const [parser, rows] = await Promise.allSettled([parsing, reading]);
  if (parser.status === "rejected") throw parser.reason;
  if (rows.status === "rejected") {
    if (opts.database === "required") throw rows.reason;
    ctx.report({ kind: "info", message: `Linting without the database's context (table sizes, column types): ${(rows.reason as Error).message}` });
    return { options, parser: parser.value, baseDir, catalog: NO_CATALOG, database: "unreachable" };
  }
  return connectedLintSession(options, parser.value, rows.value, baseDir);
}

/** A lint session from a catalog read earlier (`upgrade` reads it before its first statement and lints while the statements run). */
export function connectedLintSession(options: LintOptions, parser: SqlParser, rows: LintCatalogRows, baseDir: string): LintSession {
  return { options, parser, baseDir, catalog: catalogOf(rows, parser), database: "connected" };
}

/** The configured severities, checked against the rules, and the small-table size. */
export function lintOptions(ctx: Context): LintOptions {
  const severities = new Map<string, Severity | "off">();
  const ids = ALL_RULES.map((r) => r.id);
  for (const [id, severity] of Object.entries(ctx.config.lintRules)) {
    if (!ids.includes(id)) throw new UnknownLintRuleError(id, "[lint_rules] in retort.toml", closestMatch(id, ids));
    severities.set(id, severity);
  }
  return { severities, smallTableRows: ctx.config.lintSmallTableRows };
}

/** The lint's view of the catalog rows; NOT NULL checks are recognised by parsing their definitions. */
function catalogOf(rows: LintCatalogRows, parser: SqlParser): LintCatalog {
  const tables = new Map<string, TableFacts>();
  for (const t of rows.tables) {
    const columns = new Map<string, ColumnFacts>(t.columns.map((c) => [c.name, { type: c.type, notNull: c.notNull }]));
    const notNullChecked = t.checks.filter((c) => isNotNullCheck(parser, c.column, c.definition)).map((c) => c.column);
    tables.set(`${t.schema}.${t.name}`, { rows: t.rows, pages: t.pages, columns, indexes: t.indexes, notNullChecked });
  }
  return { serverVersionNum: rows.serverVersionNum, tables, complete: true };
}

function isNotNullCheck(parser: SqlParser, column: string, definition: string): boolean {
  try {
    const [statement] = parser.parse(`ALTER TABLE t ADD ${definition}`);
    const cmd = (statement?.stmt as { AlterTableStmt?: { cmds?: { AlterTableCmd?: { def?: { Constraint?: Record<string, unknown> } } }[] } }).AlterTableStmt?.cmds?.[0];
    return notNullCheckColumn(cmd?.AlterTableCmd?.def?.Constraint) === column;
  } catch (error) {
    // A definition the grammar rejects is no NOT NULL check; a parser that cannot answer must say so.
    if (error instanceof SqlSyntaxError) return false;
    throw error;
  }
}

/** How lint treats a list of revisions. */
export interface RevisionLintPlan {
  /** The revisions to lint, in the order they run. */
  readonly ids: readonly string[];
  /**
   * `one-run`: they are applied together (a deploy): what an earlier one creates is new for the
   * later ones. `each-deployed`: each was deployed on its own, on top of the ones before it.
   */
  readonly mode: "one-run" | "each-deployed";
  /** Revisions already applied before the first one, whose SQL only teaches the lint the schema (columns, tables). */
  readonly before?: readonly string[];
  /** Lint the downgrade sections too (default); `upgrade` lints only what an upgrade runs. */
  readonly downgrades?: boolean;
  /** The version-table rows before the first revision, for `lint --trace` (default: the heads of `before`). */
  readonly startAfter?: readonly string[];
  /** With `one-run`: consecutive transactional revisions share one transaction (no transaction_per_migration). */
  readonly sharedTransaction?: boolean;
  /**
   * A revision the grammar rejects: an error (`lint`), or listed as not linted (`upgrade`, where
   * the server is the judge of its own syntax and reports it with its own message when it runs).
   */
  readonly unparsable?: "error" | "skip";
}

/** Lints revisions of the project; each section is reported as such, downgrades from the state their upgrade leaves. */
export function lintRevisions(project: Project, session: LintSession, plan: RevisionLintPlan): LintReport {
  if (plan.mode === "one-run" && plan.sharedTransaction === true) return lintSharedTransactionRun(project, session, plan);
  const linter = newLinter(session);
  const placed: PlacedFinding[] = [];
  const files: LintReport["files"][number][] = [];
  const skipped: { file: string; reason: string }[] = [];
  const units: LintUnit[] = [];
  const shown = (path: string) => shownPath(session.baseDir, path);
  absorbBefore(linter, project, session, plan);
  for (const id of plan.ids) {
    const file = sqlRevision(project, id, shown, skipped);
    if (file === undefined) continue;
    let linted: ReturnType<typeof lintRevisionFile>;
    try {
      linted = lintRevisionFile(linter, file, session, shown(file.path), plan.downgrades !== false);
    } catch (error) {
      if (!skipUnparsable(error, plan, shown(file.path), skipped)) throw error;
      continue;
    }
    placed.push(...linted.findings);
    files.push(...linted.files);
    units.push(linted.upgrade);
    if (plan.mode === "each-deployed") linter.settle();
  }
  const traces = [{ startAfter: plan.startAfter ?? headsOf(project, plan.before ?? []), units, eachDeployed: plan.mode === "each-deployed" }];
  return reportOf(session, { findings: placed, files, skipped, traces });
}

/**
 * One deploy without transaction_per_migration: consecutive transactional revisions share one
 * transaction, so their upgrade sections are linted as one unit (a lock one takes is held through
 * the next; an enum value one adds cannot be used by the next). Each downgrade is linted from the
 * state its upgrade leaves.
 */
function lintSharedTransactionRun(project: Project, session: LintSession, plan: RevisionLintPlan): LintReport {
  const shown = (path: string) => shownPath(session.baseDir, path);
  const skipped: { file: string; reason: string }[] = [];
  const revisions: RevisionUnits[] = [];
  for (const id of plan.ids) {
    const file = sqlRevision(project, id, shown, skipped);
    if (file === undefined) continue;
    try {
      revisions.push(revisionUnits(file, session.parser, shown(file.path), plan.downgrades !== false));
    } catch (error) {
      if (!skipUnparsable(error, plan, shown(file.path), skipped)) throw error;
    }
  }
  const located = new Map(revisions.map((r) => [r.upgrade.unit.file, r.upgrade]));
  // Runs of transactional sections become one unit each; a transaction: false revision stands alone.
  const groups: LintUnit[][] = [];
  for (const { upgrade } of revisions) {
    const last = groups.at(-1);
    if (upgrade.unit.mode === "transaction" && last?.[0]?.mode === "transaction") last.push(upgrade.unit);
    else groups.push([upgrade.unit]);
  }
  const linter = newLinter(session);
  absorbBefore(linter, project, session, plan);
  // Downgrades are linted on a side line that follows the upgrades up to the last revision with
  // one; none at all (upgrade lints only what it runs) means no side line to keep.
  const lastDowngrade = revisions.map((r) => r.downgrade !== undefined).lastIndexOf(true);
  const side = lastDowngrade < 0 ? undefined : linter.fork();
  const placed: PlacedFinding[] = linter.lint(groups.map(joinUnits)).map((f) => ({ ...f, ...located.get(f.file)!.locate(f.offset) }));
  if (side !== undefined) {
    for (const { upgrade, downgrade } of revisions.slice(0, lastDowngrade + 1)) {
      side.follow([upgrade.unit]);
      if (downgrade !== undefined) placed.push(...placeAll(side.fork().lint([downgrade.unit]), downgrade));
    }
  }
  const files = revisions.map((r) => ({ file: r.upgrade.unit.file, sections: r.downgrade === undefined ? ["upgrade"] : ["upgrade", "downgrade"] }));
  const traces = [{ startAfter: plan.startAfter ?? headsOf(project, plan.before ?? []), units: revisions.map((r) => r.upgrade.unit), eachDeployed: false }];
  return reportOf(session, { findings: placed, files, skipped, traces });
}

/** Takes in the plan's already-deployed revisions. */
function absorbBefore(linter: Linter, project: Project, session: LintSession, plan: RevisionLintPlan): void {
  for (const id of plan.before ?? []) {
    const file = project.fileOf(id);
    if (file.kind === "sql") linter.absorb([revisionUnits(file, session.parser, shownPath(session.baseDir, file.path), false).upgrade.unit]);
  }
}

/** The revision's SQL file, or undefined (listed as skipped) for a TypeScript revision. */
function sqlRevision(project: Project, id: string, shown: (path: string) => string, skipped: { file: string; reason: string }[]): SqlRevisionSource | undefined {
  const file = project.fileOf(id);
  if (file.kind === "sql") return file;
  skipped.push({ file: shown(file.path), reason: "a TypeScript revision: its SQL is only known when it runs" });
  return undefined;
}

/** Whether a parse error is to be listed as skipped (the plan says so), listing it. */
function skipUnparsable(error: unknown, plan: RevisionLintPlan, file: string, skipped: { file: string; reason: string }[]): boolean {
  if (!(error instanceof LintParseError) || plan.unparsable !== "skip") return false;
  skipped.push({ file, reason: `PostgreSQL's grammar rejects it at ${error.line}:${error.column}: ${error.reason}` });
  return true;
}

/** The ancestors of `ids` that are not among them, in topological order: already deployed, they only teach the lint the schema. */
export function ancestorsNotIn(project: Project, ids: readonly string[]): string[] {
  const chosen = new Set(ids);
  const below = project.graph.ancestors(ids);
  return project.graph.sortTopologically([...below].filter((id) => !chosen.has(id)));
}

/** The revisions of `ids` that no other of them sits on: the version-table rows of that state. */
function headsOf(project: Project, ids: readonly string[]): string[] {
  const set = new Set(ids);
  return ids.filter((id) => !project.graph.childrenOf(id, { includeDependencies: false }).some((child) => set.has(child)));
}

/**
 * One SQL revision's sections with `linter` (a fresh one for a file outside the project): the
 * upgrade moves the linter's state on, the downgrade is linted from the state the upgrade leaves.
 */
export function lintRevisionFile(
  linter: Linter,
  file: SqlRevisionSource,
  session: LintSession,
  shown: string,
  downgrade = true,
): Pick<LintReport, "findings" | "files"> & { readonly upgrade: LintUnit } {
  const units = revisionUnits(file, session.parser, shown, downgrade);
  const findings = placeAll(linter.lint([units.upgrade.unit]), units.upgrade);
  if (units.downgrade !== undefined) findings.push(...placeAll(linter.fork().lint([units.downgrade.unit]), units.downgrade));
  return { findings, files: [{ file: shown, sections: units.downgrade === undefined ? ["upgrade"] : ["upgrade", "downgrade"] }], upgrade: units.upgrade.unit };
}

/** A linter over every rule, with the session's catalog and options. */
export function newLinter(session: LintSession): Linter {
  return new Linter(ALL_RULES, session.catalog, session.options);
}

/** Lints plain SQL files, each on its own, as `psql -f` would run it. */
export function lintScripts(session: LintSession, paths: readonly string[], startAfter: readonly string[] = []): LintReport {
  const placed: PlacedFinding[] = [];
  const files: LintReport["files"][number][] = [];
  const units: LintUnit[] = [];
  for (const path of paths) {
    const name = shownPath(session.baseDir, path);
    const unit = scriptUnit(readLintedFile(path, name), session.parser, name);
    placed.push(...placeAll(newLinter(session).lint([unit.unit]), unit));
    files.push({ file: name, sections: ["script"] });
    units.push(unit.unit);
  }
  return reportOf(session, { findings: placed, files, skipped: [], traces: [{ startAfter, units, eachDeployed: true }] });
}

/** Several reports as one (files given on the command line may mix revisions and plain SQL). */
export function mergeReports(reports: readonly LintReport[], session: LintSession): LintReport {
  return reportOf(session, {
    findings: reports.flatMap((r) => r.findings),
    files: reports.flatMap((r) => r.files),
    skipped: reports.flatMap((r) => r.skipped),
    traces: reports.flatMap((r) => r.traces ?? []),
  });
}

/** A report of what was linted, with what the session says of the database. */
export function reportOf(session: LintSession, linted: Pick<LintReport, "findings" | "files" | "skipped" | "traces">): LintReport {
  return { ...linted, database: session.database, serverVersionNum: session.catalog.serverVersionNum ?? null };
}

function placeAll(findings: readonly Finding[], unit: LocatedUnit): PlacedFinding[] {
  return findings.map((f) => ({ ...f, ...unit.locate(f.offset) }));
}

/** A file's text, or a LintFileError naming it. */
export function readLintedFile(path: string, shown: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new LintFileError(shown, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message, { cause: error });
  }
}

/** A path relative to `baseDir` when it is inside it, else as given. */
export function shownPath(baseDir: string, path: string): string {
  const rel = relative(baseDir, path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}
