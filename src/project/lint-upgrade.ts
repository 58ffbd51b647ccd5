/**
 * The lint `upgrade` runs on what it is about to apply (`lint_on_upgrade`). With "error", a
 * finding of severity error stops the run before it takes the migration lock, so the lint runs
 * first. With "warn", when the whole run is one transaction, the catalog read (as the tables are
 * before the run: on the lock's connection, where the run's uncommitted changes do not show, or
 * on the run's before its first statement), the parsing and the rules go on while the server
 * executes the statements, and the findings are printed before COMMIT: the lint costs the run
 * nothing, and nothing is committed before they are shown. A run of several transactions lints
 * first, as "error" does.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { collectNameStrings } from "../core/lint/ast.ts";
import type { LintOptions } from "../core/lint/types.ts";
import type { Plan } from "../core/plan.ts";
import type { Sql } from "../db/connect.ts";
import { readLintCatalog, type LintCatalogRows } from "../db/lint-catalog.ts";
import type { RunAlongside } from "../db/run-segment.ts";
import { SqlSyntaxError, type SqlParser } from "../scripts/sql-parser.ts";
import type { Context } from "./context.ts";
import { LintFindingsError } from "./errors-lint.ts";
import { connectedLintSession, lintOptions, lintRevisions, type LintReport, type PlacedFinding } from "./lint.ts";
import { lintsBesideOneTransaction, yieldToServer } from "./lint-beside.ts";
import { beginPlanParses, withPlanParser, type PlanParses } from "./lint-parser.ts";
import { findingText } from "./lint-text.ts";
import type { Project } from "./project.ts";

/**
 * What the caller began for the lint: the parser's cache looked up and its grammar compiling when
 * it missed (a run that surely writes, a new embedded database), and where the catalog is read
 * (on the lock's connection once the lock is held).
 */
export interface LintBegun {
  readonly parses?: Promise<PlanParses> | undefined;
  readonly catalog?: CatalogReader | undefined;
}

/** Reads the lint's catalog of the tables named `relnames` (readLintCatalog), as the tables were before the run. */
export type CatalogReader = (relnames: readonly string[]) => Promise<LintCatalogRows>;

/** Lints the plan's revisions as one run before any of it runs, reports the findings, and throws when the setting says so. */
export async function lintBeforeUpgrade(ctx: Context, sql: Sql, project: Project, plan: Plan, begun: LintBegun = {}): Promise<readonly PlacedFinding[]> {
  // Nothing has run yet: the run's own connection still shows the tables as they are before it.
  return lintAndReport(ctx, project, plan, begun.catalog ?? ((relnames) => readLintCatalog(sql, relnames)), begun);
}

/**
 * The same for a database the run is about to create (a new embedded one, before it exists): it
 * has no tables, and its server is the engine's (`serverVersionNum`).
 */
export async function lintBeforeCreating(ctx: Context, project: Project, plan: Plan, serverVersionNum: number | undefined, begun: LintBegun = {}): Promise<readonly PlacedFinding[]> {
  return lintAndReport(ctx, project, plan, async () => ({ serverVersionNum, tables: [] }), begun);
}

async function lintAndReport(ctx: Context, project: Project, plan: Plan, read: CatalogReader, begun: LintBegun): Promise<readonly PlacedFinding[]> {
  const mode = ctx.config.lintOnUpgrade;
  if (mode === "off" || plan.steps.length === 0) return [];
  const { options, parses } = lintInputs(ctx, project, plan, begun);
  const report = await lintPlan(ctx, project, plan, options, read, await parses);
  reportFindings(ctx, report);
  if (mode === "error" && report.findings.some((f) => f.severity === "error")) throw new LintFindingsError(report, "upgrade");
  reportGoingOn(ctx, report, "before");
  return report.findings;
}

/**
 * Whether the lint of "warn" may run beside the plan's statements: only when they all commit in
 * one transaction, so that the findings come before anything is committed.
 */
export function canLintBesideUpgrade(ctx: Context, project: Project, plan: Plan): boolean {
  return lintsBesideOneTransaction(ctx) && plan.steps.every((s) => project.fileOf(s.revision.id).transaction);
}

/**
 * The lint to run beside the statements. What it needs from the database is read on the lock's
 * connection when the caller gives that (`begun.catalog`), once the statements are parsed and only
 * for the tables they name: the run's changes do not show there until it commits, which waits for
 * the lint. Else it is read on `sql`, whole, now: before the run's first statement on the same
 * connection, and not waited for here.
 */
export function prepareLintBesideUpgrade(ctx: Context, sql: Sql, project: Project, plan: Plan, begun: LintBegun = {}): RunAlongside {
  // Before the grammar's compile, if the cache misses: it runs on the runtime's compiler threads while the catalog is read and the statements run.
  yieldToServer(ctx);
  const { options, parses } = lintInputs(ctx, project, plan, begun);
  const read = begun.catalog ?? readBeforeStatements(sql);
  let report: Promise<LintReport> | undefined;
  let reported = false;
  const start = (): Promise<LintReport> => {
    if (report === undefined) {
      // A turn of the event loop first, so the statements just sent are on the wire before the parser holds the thread.
      report = nextTurn().then(async () => lintPlan(ctx, project, plan, options, read, await parses));
      // Awaited by `finish`; a run that fails before then must not leave it unhandled.
      report.catch(() => undefined);
    }
    return report;
  };
  return {
    start: () => void start(),
    finish: async () => {
      const done = await start();
      if (reported) return;
      reported = true;
      reportFindings(ctx, done);
      reportGoingOn(ctx, done, "beside");
    },
  };
}

/**
 * What the lint of `plan` needs, from what the caller began or begun now: the options (a
 * misconfigured rule stops the run here, before anything runs) and the parses (awaited by the
 * lint itself).
 */
function lintInputs(ctx: Context, project: Project, plan: Plan, begun: LintBegun): { options: LintOptions; parses: Promise<PlanParses> } {
  const options = lintOptions(ctx);
  const parses = begun.parses ?? beginPlanParses(ctx, project, plan);
  // Awaited by the lint; a run that fails before it starts leaves it unawaited.
  parses.catch(() => undefined);
  return { options, parses };
}

/**
 * The whole catalog, read on `sql` now, before the statements that will follow it there: the lint
 * asks for it only once they have been sent, when the tables on `sql` are no longer as they were.
 */
function readBeforeStatements(sql: Sql): CatalogReader {
  const rows = readLintCatalog(sql);
  // Awaited by the lint; the catalog's failure, or the run's, is the one reported.
  rows.catch(() => undefined);
  return () => rows;
}

/** Lints the plan's upgrade sections with the catalog of the tables they name, read once. */
function lintPlan(ctx: Context, project: Project, plan: Plan, options: LintOptions, read: CatalogReader, parses: PlanParses): Promise<LintReport> {
  // Run again when the pack lacks a parse the lint needs (withPlanParser): the same texts then name the same tables.
  let rows: Promise<LintCatalogRows> | undefined;
  return withPlanParser(ctx, project, plan, parses, async (parser) => {
    rows ??= read(namesInSections(project, plan, parser));
    return lintRevisions(project, connectedLintSession(options, parser, await rows, ctx.config.projectDir), {
      ids: plan.steps.map((s) => s.revision.id),
      mode: "one-run",
      downgrades: false,
      unparsable: "skip",
      sharedTransaction: !ctx.config.transactionPerMigration,
    });
  });
}

/**
 * Every string of the plan's upgrade sections short enough to name a table (collectNameStrings),
 * sorted: the tables the lint can ask the catalog about. A section the grammar rejects is not
 * linted, and names nothing.
 */
function namesInSections(project: Project, plan: Plan, parser: SqlParser): string[] {
  const found = new Set<string>();
  for (const step of plan.steps) {
    const file = project.fileOf(step.revision.id);
    if (file.kind !== "sql") continue;
    let statements;
    try {
      statements = parser.parse(file.upgrade.sql);
    } catch (error) {
      if (error instanceof SqlSyntaxError) continue;
      throw error;
    }
    for (const s of statements) collectNameStrings(s.stmt, found);
  }
  return [...found].sort();
}

/** The files not linted and the findings, as lines of the run's output. */
function reportFindings(ctx: Context, report: LintReport): void {
  for (const s of report.skipped) ctx.report({ kind: "info", message: `lint: ${s.file} not linted: ${s.reason}` });
  for (const f of report.findings) ctx.report({ kind: "info", message: findingText(f) });
}

/** The summary line of "warn": printed before the statements run, or beside them before COMMIT. */
function reportGoingOn(ctx: Context, report: LintReport, when: "before" | "beside"): void {
  if (report.findings.length === 0) return;
  const count = `${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}`;
  const message =
    when === "before"
      ? `lint: ${count} in the revisions about to run (lint_on_upgrade = "warn": running them anyway)`
      : `lint: ${count} in the revisions just run, not yet committed (lint_on_upgrade = "warn": committing them anyway)`;
  ctx.report({ kind: "info", message });
}
