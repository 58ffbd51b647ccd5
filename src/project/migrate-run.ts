/**
 * What a migration does once it has something to do (see migrate.ts): read the files, plan under
 * the lock, lint, run the steps and report them.
 */
import { planDowngrade, planUpgrade, type Plan, type Step } from "../core/plan.ts";
import { BlockerMonitor, describeLockWait, type LockWait } from "../db/blockers.ts";
import { closeConnection, openConnection, type Sql } from "../db/connect.ts";
import { readLintCatalog, readTableSizes } from "../db/lint-catalog.ts";
import { readVersionState, type VersionState } from "../db/read-state.ts";
import type { Session, TablesPresent } from "../db/session.ts";
import { sameRows } from "../db/version-table.ts";
import type { RunAlongside } from "../db/run-segment.ts";
import { bunGlobal } from "../config/runtime.ts";
import { engineVersionNum } from "../db/embedded/engine-files.ts";
import { verifyChecksums } from "./checksums.ts";
import type { Context } from "./context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf } from "./database.ts";
import type { MigrateOptions, MigrateResult, MigrateStepResult, StepReporter } from "./migrate.ts";
import { lintsBesideOneTransaction, lintsOnUpgrade, yieldToServer } from "./lint-beside.ts";
import type { PlanParses } from "./lint-parser.ts";
import type { CatalogReader, LintBegun } from "./lint-upgrade.ts";
import { prepareSteps, type Project } from "./project.ts";
import { planResume } from "./resume.ts";
import { runLockedPerTransaction } from "./run-locked-per-transaction.ts";
import { runPlan, type LockWaitReporting } from "./run-plan.ts";
import type { SummarisedProject } from "./summary.ts";

/**
 * Plans `opts` for the project `load` reads from the state `firstState` finds, and runs it in
 * `session`. `surelyWrites`: the caller knows the run has steps (and has begun taking the lock):
 * the lint's grammar is compiled while the files are read, rather than after the plan (a deploy of
 * one revision waited for the compile before its COMMIT). `linted`: the plan lintNewDatabase
 * linted before the database was created, not linted again.
 */
export async function runMigration(
  ctx: Context,
  opts: MigrateOptions,
  session: Session,
  load: () => Promise<Project>,
  firstState: Promise<{ present: TablesPresent; state: VersionState }>,
  progress: StepReporter,
  surelyWrites: boolean,
  linted?: Plan,
): Promise<MigrateResult> {
  const early = surelyWrites && linted === undefined && lintsOnUpgrade(ctx, opts.direction);
  if (early && lintsBesideOneTransaction(ctx)) yieldToServer(ctx);
  // The lint's module loads meanwhile too, for the lint to start as soon as the plan is made.
  const parserModule = early ? import("./lint-parser.ts") : undefined;
  if (early) import("./lint-upgrade.ts").catch(() => undefined);
  const project = await load();
  const makePlan = lastPlanOf((heads) => (opts.direction === "upgrade" ? planUpgrade : planDowngrade)(project.graph, heads, opts.target));
  const parses = parserModule ? beginParses(ctx, project, parserModule, makePlan, (await firstState).state.heads) : undefined;
  const begun = parses === undefined ? {} : { parses };
  const { present, state, plan, alongside, prepare } = await planUnderLock(ctx, session, project, makePlan, begun, firstState, linted);
  if (opts.direction === "upgrade") await verifyChecksums(state.checksums, project, plan.headsBefore);
  const resume = planResume(state.partial, project, plan.steps);
  for (const r of resume.resumed) {
    ctx.report({ kind: "info", message: `Resuming revision "${r.revision}" (${r.file}): skipping the ${r.skipped} statement${r.skipped === 1 ? "" : "s"} an earlier run committed` });
  }
  const waits = new LockWaitLog(ctx, session);
  const runOptions = {
    lockWaits: waits.reporting,
    // A history table made by an older version is brought forward by the first segment.
    tablesExist: present.version && present.historyCurrent,
    firstStatements: resume.firstStatements,
    transactionPerMigration: ctx.config.transactionPerMigration,
    checkpoint: () => session.checkpoint(),
    hooks: progress.hooks(project),
  };
  const run = await (session.lockKind === "transaction"
    ? prepare().then(() => runLockedPerTransaction(ctx, session, project, plan, { ...runOptions, replan: makePlan }))
    : runPlan(ctx, session.sql, project, plan, { ...runOptions, alongside, prepare }).then(
        (results) => ({ results, headsBefore: plan.headsBefore, headsAfter: plan.headsAfter }),
        // A run that failed still shows what the lint found in it; the run's own error is the one reported.
        async (error: unknown) => {
          await alongside?.finish().catch(() => undefined);
          throw error;
        },
      )
  ).finally(() => waits.end());
  return {
    direction: opts.direction,
    target: opts.target,
    headsBefore: run.headsBefore,
    headsAfter: run.headsAfter,
    steps: run.results.map(({ step, ms }) => describeStep(project, step, ms, resume.firstStatements.get(step.revision.id))),
    lockWaits: waits.all,
  };
}

/**
 * `plan`, answering a call with the heads of the call before it with the same plan: a run that
 * writes plans from the first read's heads while the lock is taken, and again from the heads read
 * under it, which are nearly always the same (300 revisions: about 4 ms each).
 */
function lastPlanOf(plan: (heads: readonly string[]) => Plan): (heads: readonly string[]) => Plan {
  let last: { readonly heads: readonly string[]; readonly plan: Plan } | undefined;
  return (heads) => {
    if (last !== undefined && sameRows(last.heads, heads)) return last.plan;
    const made = plan(heads);
    last = { heads: [...heads], plan: made };
    return made;
  };
}

/**
 * The lint's parser for the plan from `heads`, begun now: its cache looked up, and its grammar
 * compiling from now on the runtime's compiler threads when that misses. Undefined when that plan
 * has no steps or cannot be made (it fails later, under the lock, with its own error).
 */
function beginParses(ctx: Context, project: Project, parserModule: Promise<typeof import("./lint-parser.ts")>, makePlan: (heads: readonly string[]) => Plan, heads: readonly string[]): Promise<PlanParses> | undefined {
  let plan: Plan;
  try {
    plan = makePlan(heads);
  } catch {
    return undefined;
  }
  if (plan.steps.length === 0) return undefined;
  const parses = parserModule.then((m) => m.beginPlanParses(ctx, project, plan));
  parses.catch(() => undefined); // a run that fails before it lints leaves it unawaited
  return parses;
}

/**
 * The plan from `first` (the version table as it was before the lock). A run that writes takes the
 * lock first and plans again from the tables as they are then (with per-transaction locks, each
 * transaction checks them itself: run-locked-per-transaction.ts). A no-op upgrade costs two round
 * trips, both sent before the files are read.
 */
async function planUnderLock(
  ctx: Context,
  session: Session,
  project: Project,
  makePlan: (heads: readonly string[]) => Plan,
  begun: LintBegun,
  first: Promise<{ present: TablesPresent; state: VersionState }>,
  linted: Plan | undefined,
): Promise<{ present: TablesPresent; state: VersionState; plan: Plan; alongside?: RunAlongside; prepare: () => Promise<void> }> {
  const table = versionTableOf(ctx);
  let { present, state } = await first;
  let plan = makePlan(state.heads);
  if (plan.steps.length === 0) return { present, state, plan, prepare: async () => undefined };
  const lint = lintsOnUpgrade(ctx, plan.direction) && !sameSteps(plan, linted) ? startLint(ctx, session, project, plan, begun) : undefined;
  // The steps' files are read and split once, beginning now, while the lock is taken and the
  // tables read again: the first statements then go out as soon as the run may send them, and
  // the server is not left waiting for later files to be read (300 revisions: it was, for about
  // the first 100 ms of the statements). A file that fails stops the run where it did before: in a
  // run that commits once, when the runner reaches it (everything before it rolls back; see
  // runPlan), else before the first statement, as `prepare` rejects.
  let prepared: Promise<void> | undefined;
  const prepare = (): Promise<void> => (prepared ??= prepareSteps(project, plan.steps));
  prepare().catch(() => undefined);
  if (session.lockKind === "transaction") {
    await lint;
    return { present, state, plan, prepare };
  }
  const [, alongside] = await Promise.all([session.lock(), lint]);
  // Tables are never dropped by a run, so only missing ones need asking about again.
  if (!present.version || !present.historyCurrent) present = await session.tablesNow();
  const before = state.heads;
  state = await readVersionState(session.sql, table, present);
  // Unless another run moved them meanwhile, the same rows give the same plan.
  if (!sameRows(state.heads, before)) {
    plan = makePlan(state.heads);
    // Another run moved the heads: the new plan's files are the ones to check before anything runs.
    prepared = undefined;
  }
  return { present, state, plan, prepare, ...(alongside ? { alongside } : {}) };
}

/**
 * The lint of `lint_on_upgrade`, loaded only when there is something to lint, while the lock is
 * taken. With "warn" and a run that commits once (not with per-transaction locks, whose
 * transactions each commit), nothing is waited for now: the catalog is read and the lint runs
 * beside the statements, and reports before COMMIT. Otherwise it lints now, and "error" stops
 * the run here. `begun`: the parser's cache and WebAssembly, when they were begun earlier (see
 * runMigration).
 */
async function startLint(ctx: Context, session: Session, project: Project, plan: Plan, begun: LintBegun): Promise<RunAlongside | undefined> {
  const m = await import("./lint-upgrade.ts");
  const inputs = readsCatalogOnLockConnection(ctx, session) ? { ...begun, catalog: catalogOnLockConnection(session) } : begun;
  if (session.lockKind !== "transaction" && m.canLintBesideUpgrade(ctx, project, plan)) return m.prepareLintBesideUpgrade(ctx, session.sql, project, plan, inputs);
  await m.lintBeforeUpgrade(ctx, session.sql, project, plan, inputs);
  return undefined;
}

/** Whether `plan` takes the steps of `other`, in order. */
function sameSteps(plan: Plan, other: Plan | undefined): boolean {
  return other !== undefined && plan.direction === other.direction && sameRows(plan.steps.map((s) => s.revision.id), other.steps.map((s) => s.revision.id));
}

/** A new database's upgrade, linted (lintNewDatabase): its project, loaded once, and the plan linted. */
export interface NewDatabaseLinted {
  readonly files: SummarisedProject;
  readonly linted: Plan;
}

/**
 * Lints the upgrade of a database this run creates, a new embedded one, before the database is
 * made (the engine loads meanwhile: migrate.ts): on a new database every revision up to the target
 * is pending and no table exists, so the lint needs nothing from it. The grammar's memory (its
 * compiled WebAssembly and its heap, about 20 MB) is released before the engine takes its own,
 * rather than added to it: the example project's first run peaked at 208 to 218 MiB with the lint
 * beside the engine and at 204 to 210 MiB this way, against 178 to 185 MiB for the later run (8
 * runs of each, alternated). The engine compiles meanwhile, once the grammar's compile, begun
 * first (`grammar`), is under way: see lintThenCreate. A finding that stops the run ("error")
 * stops it before the database exists. Returns the project, loaded, and the plan linted.
 */
export async function lintNewDatabase(ctx: Context, opts: MigrateOptions, files: SummarisedProject, grammar?: Promise<WebAssembly.Module>): Promise<NewDatabaseLinted> {
  const project = await files.load();
  const plan = planUpgrade(project.graph, [], opts.target);
  const [{ lintBeforeCreating }, { beginPlanParses }, serverVersionNum] = await Promise.all([import("./lint-upgrade.ts"), import("./lint-parser.ts"), engineVersionNum()]);
  await lintBeforeCreating(ctx, project, plan, serverVersionNum, { parses: beginPlanParses(ctx, project, plan, grammar) });
  bunGlobal()?.gc(true);
  return { files: { ...files, load: async () => project }, linted: plan };
}

/**
 * Whether the lint's catalog is read on the session lock's connection, once the lock is held: for
 * a lint that the settings let run beside the statements. Read on the run's connection, it held
 * back the first statement (a new backend's first catalog query: 7 to 8 ms of the server's time)
 * and took the CPU the lock's backend needed to start; on the lock's, idle once the lock is held,
 * it runs on a backend of its own beside the statements, and shows the tables as they were before
 * the run, whose changes are not committed until the lint has finished.
 */
function readsCatalogOnLockConnection(ctx: Context, session: Session): boolean {
  return session.lockKind === "session" && lintsBesideOneTransaction(ctx);
}

/**
 * The lint's catalog, read on the lock's connection once the lock is held (see
 * readsCatalogOnLockConnection): every table's size at once, before the run's first statement
 * (its ANALYZE or CREATE INDEX would change them in place, for every session to see), the rest
 * when the lint asks, for the tables it names.
 */
function catalogOnLockConnection(session: Session): CatalogReader {
  const held = (async () => {
    await session.lock();
    // A lost lock (or an interrupt) ends the run here: there is no connection left to read on.
    session.checkpoint();
    return session.spareConnection()!;
  })();
  const sizes = held.then(readTableSizes);
  sizes.catch(() => undefined); // a run that fails before it lints leaves it unawaited
  return async (relnames) => readLintCatalog(await held, relnames, await sizes);
}

/** The lock waits a run met, each reported as it happens, and the monitor that names their blockers. */
class LockWaitLog {
  readonly all: LockWait[] = [];
  readonly #monitor: BlockerMonitor | undefined;
  readonly reporting: LockWaitReporting;

  constructor(ctx: Context, session: Session) {
    // Asked only when an attempt lasts long enough to be waiting for a lock, on the session lock's
    // connection (idle while the run goes on: a run needs no third backend on a server that is
    // already slow), else on one of its own. An embedded database has no other sessions to be
    // blocked by, and serves one connection at a time.
    const url = requireDatabaseUrl(ctx);
    let borrowed: Sql | undefined;
    const open = (): Sql => (borrowed = session.spareConnection()) ?? openConnection(url, { ...connectOptions(ctx, { purpose: "lock monitor" }), max: 1 });
    const close = (sql: Sql): Promise<void> => (sql === borrowed ? Promise.resolve() : closeConnection(sql));
    this.#monitor = url.embedded ? undefined : new BlockerMonitor(open, close);
    this.reporting = {
      monitor: this.#monitor,
      onLockWait: (wait) => {
        this.all.push(wait);
        ctx.report({ kind: "info", message: describeLockWait(wait) });
      },
    };
  }

  end(): Promise<void> | undefined {
    return this.#monitor?.end();
  }
}

/** A finished step as the result reports it. */
function describeStep(project: Project, step: Step, ms: number, skippedStatements: number | undefined): MigrateStepResult {
  return {
    revision: step.revision.id,
    downRevisions: step.revision.downRevisions,
    message: step.revision.message,
    direction: step.direction,
    file: project.fileOf(step.revision.id).path,
    ms,
    ...(skippedStatements ? { skippedStatements } : {}),
  };
}
