/**
 * Runs planned steps with the transaction layout the config asks for: by default the whole run
 * is one transaction; `transaction_per_migration` gives each step its own; a `transaction: false`
 * revision splits the run around itself and runs statement by statement. Each step's version-table
 * changes and history row commit together with the step.
 *
 * Inside a transaction the statements of consecutive SQL steps are pipelined: sent without
 * waiting for each result, so a run costs about one round trip instead of one per statement.
 * Results arrive in order, so each step's duration is the time between its last result and the
 * previous step's, and a failure is still attributed to its statement.
 */
import { netVersionChanges, type Step } from "../core/plan.ts";
import type { Sql, TransactionSql } from "./connect.ts";
import { historyTableDdl, recordHistory, type HistoryRecord } from "./history-table.ts";
import { firstFailure, runScriptStep, runStepWithoutTransaction, sqlError, type StepBody, type StepIdentity } from "./run-step.ts";
import { applyVersionChange, versionTableSetup, type VersionTableName } from "./version-table.ts";

/** A step with everything needed to run and record it. */
export interface RunnableStep {
  readonly step: Step;
  readonly file: string;
  readonly body: StepBody;
  readonly transactional: boolean;
  /** Checksum of the file's upgrade section, recorded in the history table. */
  readonly checksum: string;
}

export interface RunHooks {
  readonly onStepStart: (index: number, total: number, step: Step) => void;
  readonly onStepDone: (index: number, total: number, step: Step, ms: number) => void;
}

export interface RunOptions {
  readonly table: VersionTableName;
  /** The version table's rows before the first step. */
  readonly headsBefore: readonly string[];
  /** Whether the version and history tables are known to exist (they are then not created). */
  readonly tablesExist: boolean;
  readonly transactionPerMigration: boolean;
  readonly hooks: RunHooks;
  /** Monotonic milliseconds, for durations. */
  readonly clock: () => number;
  /** Wall-clock time, for the history's start times. */
  readonly now: () => Date;
  readonly toolVersion: string;
  readonly clientHost: string;
  /** Checked before every step and statement it can: throws to stop the run (lost lock, interrupt). */
  readonly checkpoint: () => void;
}

export interface StepResult {
  readonly step: Step;
  readonly ms: number;
}

/** Groups consecutive transactional steps (one per group in per-migration mode). */
function segments(steps: readonly RunnableStep[], perMigration: boolean): RunnableStep[][] {
  const out: RunnableStep[][] = [];
  let open: RunnableStep[] | undefined;
  for (const s of steps) {
    if (!s.transactional || perMigration) {
      out.push([s]);
      open = undefined;
    } else {
      if (!open) out.push((open = []));
      open.push(s);
    }
  }
  return out;
}

/** Creates the version and history tables if missing, in one round trip. */
async function ensureTables(sql: Sql | TransactionSql, t: VersionTableName): Promise<void> {
  await sql.unsafe([...versionTableSetup(t), historyTableDdl(t)].join(";\n"));
}

const identity = (s: RunnableStep): StepIdentity => ({ revision: s.step.revision.id, file: s.file, direction: s.step.direction });

/** Tracks step numbering, timing and progress across groups. */
class Progress {
  index = 0;
  constructor(private readonly total: number, private readonly opts: RunOptions) {}
  record(s: RunnableStep, ms: number, startedAt: Date): HistoryRecord {
    return {
      revision: s.step.revision.id,
      direction: s.step.direction,
      message: s.step.revision.message,
      checksum: s.checksum,
      durationMs: ms,
      startedAt,
      toolVersion: this.opts.toolVersion,
      clientHost: this.opts.clientHost,
    };
  }
  start(s: RunnableStep): void {
    this.opts.hooks.onStepStart(this.index, this.total, s.step);
  }
  done(s: RunnableStep, ms: number): void {
    this.opts.hooks.onStepDone(this.index++, this.total, s.step, ms);
  }
}

/**
 * Runs a group of transactional steps in `tx`: SQL steps pipelined, TS steps awaited one by
 * one. Returns each step's duration and history record, in order. The version table is moved
 * once, by the caller, from the rows before the group to those after it.
 */
async function runGroup(tx: TransactionSql, group: readonly RunnableStep[], opts: RunOptions, progress: Progress): Promise<{ results: StepResult[]; records: HistoryRecord[] }> {
  const results: StepResult[] = [];
  const records: HistoryRecord[] = [];
  let i = 0;
  while (i < group.length) {
    const s = group[i]!;
    if (s.body.kind === "ts") {
      opts.checkpoint();
      progress.start(s);
      const startedAt = opts.now();
      const t0 = opts.clock();
      await runScriptStep(tx, s.body, identity(s));
      const ms = opts.clock() - t0;
      progress.done(s, ms);
      results.push({ step: s.step, ms });
      records.push(progress.record(s, ms, startedAt));
      i++;
      continue;
    }
    // A run of SQL steps: issue every statement and version change now, then collect.
    let j = i;
    while (j < group.length && group[j]!.body.kind === "sql") j++;
    const batch = group.slice(i, j);
    opts.checkpoint();
    const sent: (SentStep | undefined)[] = [];
    const window = new PipelineWindow();
    const sendAhead = (): void => {
      // Keeps a bounded amount of SQL in flight, so memory stays flat however long the run is.
      while (sent.length < batch.length && window.hasRoom()) {
        const step = batch[sent.length]!;
        const body = step.body as SqlBody;
        const statements = body.statements.map((stmt) => tx.unsafe(stmt.text).then(() => undefined, (err: unknown) => err));
        const size = window.add(body);
        sent.push({ step, body, statements, size });
      }
    };
    sendAhead();
    let previous = opts.clock();
    let startedAt = opts.now();
    progress.start(batch[0]!);
    for (let k = 0; k < batch.length; k++) {
      const item = sent[k]!;
      const outcomes = await Promise.all(item.statements);
      window.remove(item.size);
      const failed = firstFailure(outcomes);
      if (failed !== undefined) {
        // Let the rest of the pipeline drain (each fails as "transaction aborted") before rolling back.
        await Promise.all(sent.slice(k).flatMap((x) => x?.statements ?? []));
        const err = outcomes[failed];
        throw failed >= 0 ? sqlError(err, item.body.statements[failed]!, item.body, identity(item.step)) : err;
      }
      sent[k] = undefined; // its queries and results can go
      sendAhead();
      const now = opts.clock();
      const ms = now - previous;
      progress.done(item.step, ms);
      results.push({ step: item.step.step, ms });
      records.push(progress.record(item.step, ms, startedAt));
      previous = now;
      startedAt = new Date(startedAt.getTime() + ms);
      if (k + 1 < batch.length) progress.start(sent[k + 1]!.step);
    }
    i = j;
  }
  return { results, records };
}

type SqlBody = Extract<StepBody, { kind: "sql" }>;

interface SentStep {
  readonly step: RunnableStep;
  readonly body: SqlBody;
  readonly statements: readonly Promise<unknown>[];
  /** What it takes of the window until its results are in. */
  readonly size: WindowSize;
}

interface WindowSize {
  readonly statements: number;
  readonly bytes: number;
}

/**
 * How much SQL may be in flight at once. Large enough that a run still costs about one round
 * trip per thousand statements; small enough that a 10,000-revision run holds no more queries
 * (and their results) in memory than a 300-revision one.
 */
class PipelineWindow {
  static readonly MAX_STATEMENTS = 1_000;
  static readonly MAX_BYTES = 8 * 2 ** 20;
  private statements = 0;
  private bytes = 0;
  hasRoom(): boolean {
    return this.statements < PipelineWindow.MAX_STATEMENTS && this.bytes < PipelineWindow.MAX_BYTES;
  }
  /** Counts `body` as in flight; returns what to give back when its results are in. */
  add(body: SqlBody): WindowSize {
    const size = { statements: body.statements.length, bytes: body.statements.reduce((n, s) => n + s.text.length, 0) };
    this.statements += size.statements;
    this.bytes += size.bytes;
    return size;
  }
  remove(size: WindowSize): void {
    this.statements -= size.statements;
    this.bytes -= size.bytes;
  }
}

/** Runs `steps` in order; returns each finished step with its duration. */
export async function runSteps(sql: Sql, steps: readonly RunnableStep[], opts: RunOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  if (steps.length === 0) return results;
  const progress = new Progress(steps.length, opts);
  let tablesReady = opts.tablesExist;
  let heads = opts.headsBefore;

  for (const group of segments(steps, opts.transactionPerMigration)) {
    const first = group[0]!;
    if (!first.transactional) {
      if (!tablesReady) await sql.begin((tx) => ensureTables(tx, opts.table));
      tablesReady = true;
      opts.checkpoint();
      progress.start(first);
      const startedAt = opts.now();
      const t0 = opts.clock();
      await runStepWithoutTransaction(sql, first.body, identity(first), opts.checkpoint);
      const ms = opts.clock() - t0;
      await sql.begin(async (tx) => {
        for (const c of first.step.versionChanges) await applyVersionChange(tx, opts.table, c);
        await recordHistory(tx, opts.table, [progress.record(first, ms, startedAt)]);
      });
      progress.done(first, ms);
      results.push({ step: first.step, ms });
      heads = first.step.headsAfter;
      continue;
    }
    const done = await sql.begin(async (tx) => {
      if (!tablesReady) await ensureTables(tx, opts.table);
      const { results: groupResults, records } = await runGroup(tx, group, opts, progress);
      // Issued together, so they travel in one round trip.
      const changes = netVersionChanges(heads, group.at(-1)!.step.headsAfter).map((c) => applyVersionChange(tx, opts.table, c));
      await Promise.all([...changes, recordHistory(tx, opts.table, records)]);
      // Last chance before COMMIT: a lost lock or an interrupt rolls the whole group back.
      opts.checkpoint();
      return groupResults;
    });
    tablesReady = true;
    heads = group.at(-1)!.step.headsAfter;
    results.push(...(done as StepResult[]));
  }
  return results;
}
