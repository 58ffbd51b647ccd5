/**
 * The shared body of `upgrade` and `downgrade`: plan from the live heads, lock, then run. This
 * module connects and answers a no-op upgrade; what plans and runs (migrate-run.ts) is loaded
 * only by a run that has something to do, so a deploy's no-op does not pay for loading it before
 * its connection can start.
 */
import { serverAsked } from "../db/connect.ts";
import { readVersionState, type VersionState } from "../db/read-state.ts";
import { sameRows } from "../db/version-table.ts";
import type { Session, TablesPresent } from "../db/session.ts";
import type { RunHooks } from "../db/step-progress.ts";
import type { LockWait } from "../db/blockers.ts";
import { recordedMatch } from "./checksums.ts";
import type { Context } from "./context.ts";
import { versionTableOf, withMigrationSession } from "./database.ts";
import type { RevisionListing } from "../scripts/revision-files.ts";
import { lintsOnUpgrade } from "./lint-beside.ts";
import type { NewDatabaseLinted } from "./migrate-run.ts";
import { listProjectFiles, stepLabel, type Project } from "./project.ts";
import { openSummarisedProject, type Summary } from "./summary.ts";

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
  // Listed before connecting: TS revisions need the driver to load the server's array types.
  const listing = listProjectFiles(ctx);
  const fetchTypes = listing.typescript;
  const progress = new StepReporter(ctx);
  const created = createsLintedDatabase(ctx, opts) ? await lintThenCreate(ctx, opts, listing) : undefined;
  // The session connects first: the server starts its backend while the files are read.
  return withMigrationSession(ctx, { noLock: opts.noLock === true, fetchTypes, noticeSource: () => progress.running }, async (session) => {
    // Asked before the files are read: the server works out the checksums' digest meanwhile. A
    // project that fails to load is still the error reported.
    const firstState = readStateNow(ctx, session);
    firstState.catch(() => undefined);
    // Read once the connection has sent its start-up message, which reading first would delay.
    await serverAsked(session.sql, firstState);
    const files = created?.files ?? (await openSummarisedProject(ctx, listing, upgradesToHeads(opts)));
    let writes = false;
    if (files.found) {
      // Files an earlier run summarised (and so a project that loads): a database at their heads
      // with their checksums needs nothing more. The files are read only if it is not: reading
      // them meanwhile took the CPU the server and the runtime's own threads need on a small
      // machine (a no-op of 300 revisions: 45.6 against 41.1 ms), for a run that then waits on
      // the database anyway.
      const first = await firstState;
      if (await upToDate(first, files.found, files.checksums, opts.target)) {
        const heads = [...files.found.heads];
        return { direction: opts.direction, target: opts.target, headsBefore: heads, headsAfter: heads, steps: [], lockWaits: [] };
      }
      // A run with steps to take: the lock's connection opens and tries it, and the lint's catalog
      // is read, while the files are read and the run planned. Its start-up message goes out
      // first: loading what plans and lints the run holds the event loop for some milliseconds
      // (300 revisions on a 2-core machine: in a CPU profile, 5.6 ms before the lock's socket
      // opened), and the server starts the lock's backend meanwhile.
      writes = surelyWrites(first.state, files.found, files.checksums, opts);
      if (writes) await session.lockSoon();
    }
    const { runMigration } = await import("./migrate-run.ts");
    return runMigration(ctx, opts, session, () => files.load(), firstState, progress, writes, created?.linted);
  });
}

/**
 * Whether the run upgrades a database it creates (a new embedded one) and lints what it runs:
 * the lint then runs before the database is created (lintThenCreate).
 */
function createsLintedDatabase(ctx: Context, opts: MigrateOptions): boolean {
  const url = ctx.config.databaseUrl;
  return lintsOnUpgrade(ctx, opts.direction) && url?.embedded !== undefined && ctx.embedded.createsDatabase(url);
}

/**
 * Lints the upgrade of a new embedded database (lintNewDatabase) while its engine compiles and its
 * template unpacks, which make the database only once the lint is done and its memory released.
 * The grammar's compile is handed to the runtime's compiler threads before the engine's, which
 * takes them five times as long, and the engine's does not wait for the lint: the lint is done
 * while the engine still compiles. Compiled only after the lint, the engine added the lint's time
 * to the first run; compiled first, it held the grammar's compile back behind its own. A lint
 * that stops the run stops it here, before the database exists.
 */
async function lintThenCreate(ctx: Context, opts: MigrateOptions, listing: RevisionListing): Promise<NewDatabaseLinted> {
  const files = openSummarisedProject(ctx, listing, upgradesToHeads(opts));
  // Begun before the project is read, so before its parses could be found cached: a new database
  // seldom has them (only when an earlier run linted the same revisions), and then the compile is
  // spare.
  const grammar = import("../scripts/sql-parser.ts").then((m) => m.startCompilingSqlParser());
  const compiled = grammar.then((g) => g.compiled);
  const linted = import("./migrate-run.ts").then(async (m) => m.lintNewDatabase(ctx, opts, await files, compiled));
  // Settled with nothing: the engine's side must not keep the grammar alive.
  ctx.embedded.startCreatingAfter(ctx.config.databaseUrl!, { compile: grammar.then(() => undefined), create: linted });
  return linted;
}

/**
 * Whether a database in `first` is at the summarised files' heads with their checksums, as a full
 * no-op upgrade to `target` would find: tables in their current shape, no half-done revision, for
 * "head" a single head (several are an error the full path reports), and no recorded checksum
 * that differs from its file's. The digest of the recorded checksums settles that when every
 * revision has one; a database where fewer have (stamped rather than upgraded) has its checksums
 * fetched and compared with the ones stored with the summary, as the full path compares them
 * with the files' (checksums.ts).
 */
async function upToDate(first: { present: TablesPresent; state: VersionState }, summary: Summary, storedChecksums: () => ReadonlyMap<string, string> | undefined, target: string): Promise<boolean> {
  const { present, state } = first;
  if (!present.version || !present.historyCurrent || state.partial.size > 0) return false;
  if (target === "head" && summary.heads.length !== 1) return false;
  if (!sameRows(state.heads, summary.heads)) return false;
  if (state.checksums.count === summary.count && state.checksums.digest === summary.digest) return true;
  // As many as the files have, yet another digest: the full path finds the one that differs and names it.
  if (state.checksums.count === summary.count) return false;
  const checksums = storedChecksums();
  return checksums !== undefined && (await recordedMatch(state.checksums, checksums));
}

/**
 * Whether an upgrade to the heads from `state` has steps to run, as the summary shows it: an empty
 * version table, or rows that are all revisions of the files but not their heads. Rows the files
 * do not know, or several heads for "head", are errors the plan reports, before any lock.
 */
function surelyWrites(state: VersionState, summary: Summary, storedChecksums: () => ReadonlyMap<string, string> | undefined, opts: MigrateOptions): boolean {
  if (!upgradesToHeads(opts) || summary.count === 0 || (opts.target === "head" && summary.heads.length !== 1)) return false;
  if (state.heads.length === 0) return true;
  if (sameRows(state.heads, summary.heads)) return false;
  const known = storedChecksums();
  return known !== undefined && state.heads.every((id) => known.has(id));
}

/** Whether the run upgrades to "head" or "heads", the runs a summary can show to be no-ops. */
function upgradesToHeads(opts: MigrateOptions): boolean {
  return opts.direction === "upgrade" && (opts.target === "head" || opts.target === "heads");
}

/** Which tables exist and what they hold, as the session finds them before the lock. */
async function readStateNow(ctx: Context, session: Session): Promise<{ present: TablesPresent; state: VersionState }> {
  const present = await session.tables();
  return { present, state: await readVersionState(session.sql, versionTableOf(ctx), present) };
}

/** Step progress to the context, remembering the file of the step running (a server notice comes from it). */
export class StepReporter {
  readonly #ctx: Context;
  /** Results arrive in order, so the step last started is the one still running. */
  running: string | undefined;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  hooks(project: Project): RunHooks {
    return {
      onStepStart: (index, total, step) => {
        this.running = project.fileOf(step.revision.id).path;
        this.#ctx.report({ kind: "step-start", index, total, label: stepLabel(step) });
      },
      onStepDone: (index, total, step, ms) => {
        this.running = undefined;
        this.#ctx.report({ kind: "step-done", index, total, label: stepLabel(step), ms });
      },
    };
  }
}
