/** The shared body of `upgrade` and `downgrade`: plan from the live heads, lock, then run. */
import { planOffline } from "../core/offline.ts";
import { planDowngrade, planUpgrade, type Plan, type Step } from "../core/plan.ts";
import { BlockerMonitor, describeLockWait, type LockWait } from "../db/blockers.ts";
import { closeConnection, openConnection } from "../db/connect.ts";
import { readVersionState } from "../db/read-state.ts";
import { verifyChecksums } from "./checksums.ts";
import type { Context } from "./context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf, withMigrationSession } from "./database.ts";
import { renderMigrationScript } from "./offline-script.ts";
import { hasTypeScriptRevisions, listRevisionFiles } from "../scripts/revision-files.ts";
import { loadProject, prepareSteps, stepLabel } from "./project.ts";
import { planResume } from "./resume.ts";
import { runLockedPerTransaction } from "./run-locked-per-transaction.ts";
import { runPlan } from "./run-plan.ts";

export interface MigrateOptions {
  readonly direction: "upgrade" | "downgrade";
  readonly target: string;
  /** Skip the advisory lock (transaction-pooling proxies). */
  readonly noLock?: boolean;
}

export interface MigrateStepResult {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly message: string;
  readonly direction: "upgrade" | "downgrade";
  readonly file: string;
  readonly ms: number;
  /** Statements of a half-done `transaction: false` revision that an earlier run committed, skipped by this one; absent when none were. */
  readonly skippedStatements?: number;
}

export interface MigrateResult {
  readonly direction: "upgrade" | "downgrade";
  readonly target: string;
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
  readonly steps: readonly MigrateStepResult[];
  /** Every lock timeout and deadlock the run met and retried, with who was in the way. */
  readonly lockWaits: readonly LockWait[];
}

/** Moves the database to `target`. */
export async function migrate(ctx: Context, opts: MigrateOptions): Promise<MigrateResult> {
  const table = versionTableOf(ctx);
  // Listed before connecting: TS revisions need the driver to load the server's array types.
  const listing = listRevisionFiles(ctx.config.versionLocations);
  const fetchTypes = hasTypeScriptRevisions(listing);
  // The file of the step whose statements are running: a notice the server sends comes from it.
  // Results arrive in order, so the step last started is the one still running.
  let running: string | undefined;
  // The session connects first: the server starts its backend while the files are read.
  return withMigrationSession(ctx, { noLock: opts.noLock === true, fetchTypes, noticeSource: () => running }, async (session) => {
    const project = await loadProject(ctx, listing);
    const makePlan = (heads: readonly string[]): Plan =>
      (opts.direction === "upgrade" ? planUpgrade : planDowngrade)(project.graph, heads, opts.target);
    // A no-op upgrade costs two round trips: which tables exist, then their rows.
    let present = await session.tables();
    let state = await readVersionState(session.sql, table, present);
    let plan = makePlan(state.heads);
    const perTransaction = session.lockKind === "transaction";
    if (plan.steps.length > 0 && perTransaction) {
      // Each transaction takes the lock and checks the version table itself (run-locked-per-transaction.ts).
      await prepareSteps(project, plan.steps);
    } else if (plan.steps.length > 0) {
      // Writing: take the lock, then plan again from the tables as they are now. The lock's
      // connection starts while the steps' files are read and split.
      await Promise.all([session.lock(), prepareSteps(project, plan.steps)]);
      // Tables are never dropped by a run, so only missing ones need asking about again.
      if (!present.version || !present.historyCurrent) present = await session.tablesNow();
      state = await readVersionState(session.sql, table, present);
      plan = makePlan(state.heads);
    }
    if (opts.direction === "upgrade") verifyChecksums(state.checksums, project, plan.headsBefore);
    const resume = planResume(state.partial, project, plan.steps);
    for (const r of resume.resumed) {
      ctx.report({ kind: "info", message: `Resuming revision "${r.revision}" (${r.file}): skipping the ${r.skipped} statement${r.skipped === 1 ? "" : "s"} an earlier run committed` });
    }
    const lockWaits: LockWait[] = [];
    // Opened only when an attempt lasts long enough to be waiting for a lock. An embedded
    // database has no other sessions to be blocked by, and serves one connection at a time.
    const url = requireDatabaseUrl(ctx);
    const monitor = url.embedded ? undefined : new BlockerMonitor(() => openConnection(url, { ...connectOptions(ctx, { purpose: "lock monitor" }), max: 1 }), closeConnection);
    const runOptions = {
      lockWaits: {
        monitor,
        onLockWait: (wait: LockWait) => {
          lockWaits.push(wait);
          ctx.report({ kind: "info", message: describeLockWait(wait) });
        },
      },
      // A history table made by an older version is brought forward by the first segment.
      tablesExist: present.version && present.historyCurrent,
      firstStatements: resume.firstStatements,
      transactionPerMigration: ctx.config.transactionPerMigration,
      checkpoint: () => session.checkpoint(),
      hooks: {
        onStepStart: (index: number, total: number, step: Step) => {
          running = project.fileOf(step.revision.id).path;
          ctx.report({ kind: "step-start", index, total, label: stepLabel(step) });
        },
        onStepDone: (index: number, total: number, step: Step, ms: number) => {
          running = undefined;
          ctx.report({ kind: "step-done", index, total, label: stepLabel(step), ms });
        },
      },
    };
    const run = await (perTransaction
      ? runLockedPerTransaction(ctx, session, project, plan, { ...runOptions, replan: (heads) => makePlan(heads) })
      : runPlan(ctx, session.sql, project, plan, runOptions).then((results) => ({ results, headsBefore: plan.headsBefore, headsAfter: plan.headsAfter }))
    ).finally(() => monitor?.end());
    const results = run.results;
    return {
      direction: opts.direction,
      target: opts.target,
      headsBefore: run.headsBefore,
      headsAfter: run.headsAfter,
      steps: results.map(({ step, ms }) => {
        const skipped = resume.firstStatements.get(step.revision.id);
        return {
          revision: step.revision.id,
          downRevisions: step.revision.downRevisions,
          message: step.revision.message,
          direction: step.direction,
          file: project.fileOf(step.revision.id).path,
          ms,
          ...(skipped ? { skippedStatements: skipped } : {}),
        };
      }),
      lockWaits,
    };
  });
}

/** The offline script of `upgrade [a:]b --sql` / `downgrade b:a --sql`; no database is touched. */
export async function migrateScript(ctx: Context, opts: { readonly direction: "upgrade" | "downgrade"; readonly range: string }): Promise<string> {
  const project = await loadProject(ctx);
  const plan = planOffline(project.graph, opts.range, opts.direction);
  return renderMigrationScript(ctx, project, plan, `${opts.direction} ${opts.range}`);
}
