/**
 * Running segments (see `core/segments.ts`). A segment commits or rolls back as a whole, so
 * `runSegment` is the unit to run again when it could not get a lock: it holds no state from one
 * attempt to the next. (A `transaction: false` revision's statements commit one by one, so its
 * segment can be run again only until the first of them has committed.)
 *
 * Inside a transaction the statements of consecutive SQL steps are pipelined (see `pipeline.ts`);
 * TS steps are awaited one by one. The segment's version-table changes and history rows are
 * written after its steps, in the same transaction (or, for a `transaction: false` revision, in a
 * transaction of their own once its statements have committed).
 */
import type { Step } from "../core/plan.ts";
import type { Segment, SegmentStep } from "../core/segments.ts";
import { createBookkeepingTables, writeBookkeeping } from "./bookkeeping.ts";
import type { Sql, TransactionSql } from "./connect.ts";
import { historyRecords, type StepTiming } from "./history-table.ts";
import { runPipelined } from "./pipeline.ts";
import { runScriptStep, runStepWithoutTransaction, sqlError, type SqlStepBody, type StepBody, type StepIdentity } from "./run-step.ts";
import { PipelinedTiming, SegmentProgress, timed, type RunClocks, type RunHooks, type StepNumbering } from "./step-progress.ts";
import type { VersionTableName } from "./version-table.ts";

/** A step with everything needed to run and record it. */
export interface RunnableStep extends SegmentStep {
  readonly file: string;
  readonly body: StepBody;
  /** Checksum of the file's upgrade section, recorded in the history table. */
  readonly checksum: string;
}

/** What running a segment needs besides the segment. */
export interface SegmentRunOptions extends RunClocks {
  readonly table: VersionTableName;
  readonly hooks: RunHooks;
  readonly toolVersion: string;
  readonly clientHost: string;
  /** Checked before every step and statement it can: throws to stop the run (lost lock, interrupt). */
  readonly checkpoint: () => void;
  /**
   * Run first in a `transaction` segment's transaction, before anything else: the
   * transaction-level migration lock (`transaction-lock.ts`). Throwing rolls the segment back.
   */
  readonly startTransaction?: (tx: TransactionSql) => Promise<void>;
}

/** A finished step, with how long it took. */
export interface StepResult extends StepTiming {
  readonly step: Step;
}

/** Runs `segments` one after the other; returns each finished step with its duration. */
export async function runSegments(sql: Sql, segments: readonly Segment<RunnableStep>[], opts: SegmentRunOptions): Promise<StepResult[]> {
  const total = segments.reduce((n, s) => n + s.steps.length, 0);
  const results: StepResult[] = [];
  for (const segment of segments) {
    for (const r of await runSegment(sql, segment, opts, { first: results.length, total })) results.push(r);
  }
  return results;
}

/** Runs one segment, which commits or rolls back as a whole; returns its steps with their durations. */
export function runSegment(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, numbering?: StepNumbering): Promise<StepResult[]> {
  const progress = new SegmentProgress(opts.hooks, numbering ?? { first: 0, total: segment.steps.length });
  return segment.kind === "transaction" ? runInTransaction(sql, segment, opts, progress) : runOutsideTransaction(sql, segment, opts, progress);
}

async function runInTransaction(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, progress: SegmentProgress): Promise<StepResult[]> {
  const results = await sql.begin(async (tx) => {
    if (opts.startTransaction) await opts.startTransaction(tx);
    if (segment.createTables) await createBookkeepingTables(tx, opts.table);
    const done = await runTransactionalSteps(tx, segment.steps, opts, progress);
    await writeBookkeeping(tx, opts.table, segment.versionChanges, historyRecords(segment.history, done, opts));
    // Last chance before COMMIT: a lost lock or an interrupt rolls the whole segment back.
    opts.checkpoint();
    return done;
  });
  return results as StepResult[];
}

/** A `transaction: false` revision: its statements commit one by one; the tables before them and its record after them in transactions of their own. */
async function runOutsideTransaction(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, progress: SegmentProgress): Promise<StepResult[]> {
  if (segment.createTables) await sql.begin((tx) => createBookkeepingTables(tx, opts.table));
  const done: StepResult[] = [];
  for (const [i, s] of segment.steps.entries()) {
    opts.checkpoint();
    progress.start(i, s.step);
    const timing = await timed(opts, () => runStepWithoutTransaction(sql, s.body, identity(s), opts.checkpoint));
    done.push({ step: s.step, ...timing });
  }
  await sql.begin((tx) => writeBookkeeping(tx, opts.table, segment.versionChanges, historyRecords(segment.history, done, opts)));
  for (const [i, r] of done.entries()) progress.done(i, r.step, r.ms);
  return done;
}

/** Runs transactional steps in `tx`: each stretch of SQL steps pipelined, TS steps one by one. */
async function runTransactionalSteps(tx: TransactionSql, steps: readonly RunnableStep[], opts: SegmentRunOptions, progress: SegmentProgress): Promise<StepResult[]> {
  const done: StepResult[] = [];
  let i = 0;
  while (i < steps.length) {
    const s = steps[i]!;
    if (s.body.kind === "ts") {
      const body = s.body;
      opts.checkpoint();
      progress.start(i, s.step);
      const timing = await timed(opts, () => runScriptStep(tx, body, identity(s)));
      progress.done(i, s.step, timing.ms);
      done.push({ step: s.step, ...timing });
      i++;
      continue;
    }
    let end = i;
    while (end < steps.length && steps[end]!.body.kind === "sql") end++;
    await runSqlSteps(tx, steps.slice(i, end), i, opts, progress, done);
    i = end;
  }
  return done;
}

/** Runs consecutive SQL steps pipelined, timing each as its last result arrives; `offset` is the first one's index in the segment. */
async function runSqlSteps(tx: TransactionSql, steps: readonly RunnableStep[], offset: number, opts: SegmentRunOptions, progress: SegmentProgress, done: StepResult[]): Promise<void> {
  opts.checkpoint();
  const timing = new PipelinedTiming(opts);
  progress.start(offset, steps[0]!.step);
  const failure = await runPipelined(tx, steps, (s) => sqlBody(s).statements, (k) => {
    const s = steps[k]!;
    const t = timing.next();
    progress.done(offset + k, s.step, t.ms);
    done.push({ step: s.step, ...t });
    if (k + 1 < steps.length) progress.start(offset + k + 1, steps[k + 1]!.step);
  });
  if (failure) {
    const s = steps[failure.unit]!;
    const body = sqlBody(s);
    throw sqlError(failure.error, body.statements[failure.statement]!, body, identity(s));
  }
}

function sqlBody(s: RunnableStep): SqlStepBody {
  if (s.body.kind !== "sql") throw new Error(`bug: ${s.file} has no SQL body`);
  return s.body;
}

function identity(s: RunnableStep): StepIdentity {
  return { revision: s.step.revision.id, file: s.file, direction: s.step.direction };
}
