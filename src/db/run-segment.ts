/**
 * Running segments (see `core/segments.ts`). A segment commits or rolls back as a whole, so
 * `runSegment` is the unit to run again when it could not get a lock (see `lock-retry.ts`): it
 * holds no state from one attempt to the next, and every attempt starts by setting its
 * lock_timeout and statement_timeout (see `unit-timeouts.ts`). A `transaction: false` revision's
 * statements commit one by one, so there the unit is the statement (see `retry-statement.ts`).
 *
 * Inside a transaction the statements of consecutive SQL steps are pipelined (see `pipeline.ts`);
 * TS steps are awaited one by one. The segment's version-table changes and history rows are
 * written after its steps, in the same transaction (or, for a `transaction: false` revision, in a
 * transaction of their own once its statements have committed).
 */
import { revisionTimeouts, unitRetryBudget, type TimeoutOverrides, type UnitTimeouts } from "../core/lock-retry.ts";
import type { Step } from "../core/plan.ts";
import type { Segment, SegmentStep } from "../core/segments.ts";
import type { AttemptWatch } from "./blockers.ts";
import { createBookkeepingTables, writeBookkeeping } from "./bookkeeping.ts";
import { queryRow, statementsShareQueries, type Sql, type TransactionSql } from "./connect.ts";
import { historyRecords, type StepTiming } from "./history-table.ts";
import { withLockRetries, type LockRetryOptions } from "./lock-retry.ts";
import { runPipelined, written } from "./pipeline.ts";
import { runStatementWithRetries } from "./retry-statement.ts";
import { runScriptStep, runStepWithoutTransaction, sqlError, type SqlStepBody, type StepBody, type StepIdentity } from "./run-step.ts";
import { statementRecorder } from "./statement-recorder.ts";
import { PipelinedTiming, SegmentProgress, timed, type RunClocks, type RunHooks, type StepNumbering } from "./step-progress.ts";
import { RESET_TIMEOUTS_SQL, setTimeoutsSql, sourceOf, TimeoutsInForce, type SentStatement } from "./unit-timeouts.ts";
import type { VersionTableName } from "./version-table.ts";

/** A step with everything needed to run and record it. */
export interface RunnableStep extends SegmentStep {
  readonly file: string;
  /** The body's kind, known from the file's name: asking it does not read the body. */
  readonly kind: StepBody["kind"];
  readonly body: StepBody;
  /** Checksum of the file's upgrade section, recorded in the history table. */
  readonly checksum: string;
  /**
   * For a `transaction: false` step of an online run: record each statement as it commits, and
   * start at statement `firstStatement` (those before it were committed by an earlier run).
   * Without it (scratch builds), nothing is recorded and the step runs from its first statement.
   */
  readonly progress?: { readonly firstStatement: number };
  /** The timeouts the revision sets for itself in its header. */
  readonly timeouts: TimeoutOverrides | undefined;
}

/**
 * Work of this process done while the server executes a transaction's statements (the lint of
 * `lint_on_upgrade = "warn"`): started once the statements are sent, finished before COMMIT. A
 * failure of `finish` rolls the transaction back.
 */
export interface RunAlongside {
  readonly start: () => void;
  readonly finish: () => Promise<void>;
}

/** What running a segment needs besides the segment. */
export interface SegmentRunOptions extends RunClocks {
  readonly table: VersionTableName;
  readonly hooks: RunHooks;
  readonly toolVersion: string;
  readonly clientHost: string;
  /** Checked before every step and statement it can: throws to stop the run (lost lock, interrupt). */
  readonly checkpoint: () => void;
  /** The configured timeouts of revision SQL, which each revision's header may override. */
  readonly timeouts: UnitTimeouts;
  /** How a unit that could not get a lock is retried and reported. */
  readonly retry: Omit<LockRetryOptions, "checkpoint">;
  /**
   * Run first in a `transaction` segment's transaction, before anything else: the
   * transaction-level migration lock (`transaction-lock.ts`). Throwing rolls the segment back.
   */
  readonly startTransaction?: (tx: TransactionSql) => Promise<void>;
  /** Run beside the statements of a `transaction` segment and finished before its COMMIT; only for a run of one such segment. */
  readonly alongside?: RunAlongside;
  /** False behind a transaction-pooling proxy: nothing is SET at the session level (see runWithSessionTimeouts). */
  readonly sessionSettings?: boolean;
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

/**
 * Runs one segment, which commits or rolls back as a whole; returns its steps with their
 * durations. A transaction that could not get a lock in time (or was chosen as a deadlock's
 * victim) has been rolled back whole, so it is run again, within the retry budget; a
 * `transaction: false` revision retries its failed statement alone.
 */
export function runSegment(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, numbering?: StepNumbering): Promise<StepResult[]> {
  const progress = new SegmentProgress(opts.hooks, numbering ?? { first: 0, total: segment.steps.length });
  if (segment.kind === "no-transaction") return runOutsideTransaction(sql, segment, opts, progress);
  const overrides = segment.steps.map((s) => s.timeouts);
  const unit = { unit: unitName(segment), lockTimeoutMs: Math.min(opts.timeouts.lockTimeoutMs, ...overrides.map((o) => o?.lockTimeoutMs ?? Infinity)), retryBudgetMs: unitRetryBudget(opts.timeouts, overrides) };
  return withLockRetries(unit, { ...opts.retry, checkpoint: opts.checkpoint }, (watch) => runInTransaction(sql, segment, opts, progress, watch));
}

/** A segment as a phrase: its revision, or how many it holds. */
function unitName(segment: Segment<RunnableStep>): string {
  const [first, ...rest] = segment.steps;
  if (first === undefined) return "the bookkeeping transaction";
  if (rest.length === 0) return `${first.step.direction} of revision "${first.step.revision.id}" (${first.file})`;
  return `the transaction of ${segment.steps.length} revisions ("${first.step.revision.id}" to "${rest.at(-1)!.step.revision.id}")`;
}

async function runInTransaction(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, progress: SegmentProgress, watch: AttemptWatch): Promise<StepResult[]> {
  const results = await sql.begin(async (tx) => {
    // The transaction-level migration lock comes first: its SET TRANSACTION must precede any query.
    if (opts.startTransaction) await opts.startTransaction(tx);
    // Then, before anything else: no statement of the segment, retort's own included, may wait for a
    // lock without a timeout. The bookkeeping tables and the steps follow without waiting for their
    // answers: the server runs them in the order sent, so it goes straight on to the first statement.
    // (Each of these queries is handed to the driver when made, so the order sent is the order made.)
    const setup = Promise.all([
      queryRow<{ pid: number }>(tx, setTimeoutsSql(opts.timeouts, true)).then(({ pid }) => watch.worker(pid)),
      segment.createTables ? createBookkeepingTables(tx, opts.table) : undefined,
    ]);
    setup.catch(() => undefined); // awaited below, whether the steps fail or not
    // On the wire before the steps are made ready, which takes this process a few milliseconds.
    await written();
    const done = await runTransactionalSteps(tx, segment.steps, opts, progress, { shareQueries: statementsShareQueries(sql), moved: () => watch.moved() }).catch(async (error: unknown) => {
      // A failed setup made the steps fail as "transaction aborted": its own error is the one to report.
      await setup;
      throw error;
    });
    await setup;
    await writeBookkeeping(tx, opts.table, segment.versionChanges, historyRecords(segment.history, done, opts));
    await opts.alongside?.finish();
    // Last chance before COMMIT: a lost lock or an interrupt rolls the whole segment back.
    opts.checkpoint();
    return done;
  });
  return results as StepResult[];
}

/** A `transaction: false` revision: its statements commit one by one; the tables before them and its record after them in transactions of their own. */
async function runOutsideTransaction(sql: Sql, segment: Segment<RunnableStep>, opts: SegmentRunOptions, progress: SegmentProgress): Promise<StepResult[]> {
  const name = unitName(segment);
  if (segment.createTables) await bookkeepingTransaction(sql, `the bookkeeping tables before ${name}`, opts, (tx) => createBookkeepingTables(tx, opts.table));
  const done: StepResult[] = [];
  for (const [i, s] of segment.steps.entries()) {
    opts.checkpoint();
    progress.start(i, s.step);
    const timing = await timed(opts, () => runWithSessionTimeouts(sql, s, opts));
    done.push({ step: s.step, ...timing });
  }
  await bookkeepingTransaction(sql, `the record of ${name}`, opts, (tx) => writeBookkeeping(tx, opts.table, segment.versionChanges, historyRecords(segment.history, done, opts)));
  for (const [i, r] of done.entries()) progress.done(i, r.step, r.ms);
  return done;
}

/**
 * A transaction of retort's own around a `transaction: false` revision, with the configured
 * timeouts and retries like any unit. No checkpoint before it: the record of statements that
 * have committed is written even when the run is being interrupted (an interrupt still cancels
 * the statement on the server).
 */
function bookkeepingTransaction(sql: Sql, unit: string, opts: SegmentRunOptions, work: (tx: TransactionSql) => Promise<unknown>): Promise<unknown> {
  return withLockRetries({ unit, lockTimeoutMs: opts.timeouts.lockTimeoutMs, retryBudgetMs: opts.timeouts.retryBudgetMs }, { ...opts.retry, checkpoint: () => undefined }, (watch) =>
    sql.begin(async (tx) => {
      watch.worker((await queryRow<{ pid: number }>(tx, setTimeoutsSql(opts.timeouts, true))).pid);
      return work(tx);
    }),
  );
}

/**
 * A `transaction: false` revision: its timeouts SET for the session before its first statement
 * and RESET after its last, each statement retried alone.
 */
async function runWithSessionTimeouts(sql: Sql, s: RunnableStep, opts: SegmentRunOptions): Promise<void> {
  const timeouts = revisionTimeouts(opts.timeouts, s.timeouts);
  // Behind a transaction-pooling proxy a session-level SET could land on another client's server
  // connection: the statements then run under the role's own timeouts (README, Behind PgBouncer).
  const sessionSettings = opts.sessionSettings !== false;
  const { pid } = await queryRow<{ pid: number }>(sql, sessionSettings ? setTimeoutsSql(timeouts, false) : "select pg_backend_pid() as pid");
  const retry = { ...opts.retry, checkpoint: opts.checkpoint };
  const id = identity(s);
  try {
    await runStepWithoutTransaction(sql, s.body, id, opts.checkpoint, statementRecorder(sql, s, opts), (stmt, i) =>
      runStatementWithRetries(stmt.text, { sql, pid, timeouts, retry, sessionSettings, unit: `statement ${i + 1} of ${id.direction} of revision "${id.revision}" (${id.file}; the statements before it stay committed)` }),
    );
  } finally {
    // A failed reset (the connection is gone) must not hide why the revision failed.
    if (sessionSettings) await sql.unsafe(RESET_TIMEOUTS_SQL).catch(() => undefined);
  }
}

/** How a transaction's statements are sent, and who hears that they are moving. */
interface Sending {
  /** Whether the server may be sent several statements per Query message. */
  readonly shareQueries: boolean;
  /** A statement or a TS step completed (the attempt's blocker watch: see AttemptWatch.moved). */
  readonly moved: () => void;
}

/** Runs transactional steps in `tx`: each stretch of SQL steps pipelined, TS steps one by one. */
async function runTransactionalSteps(tx: TransactionSql, steps: readonly RunnableStep[], opts: SegmentRunOptions, progress: SegmentProgress, sending: Sending): Promise<StepResult[]> {
  const done: StepResult[] = [];
  const inForce = new TimeoutsInForce(opts.timeouts);
  let i = 0;
  while (i < steps.length) {
    const s = steps[i]!;
    if (s.kind === "ts") {
      const body = s.body;
      if (body.kind !== "ts") throw new Error(`bug: ${s.file} has no TypeScript body`);
      opts.checkpoint();
      progress.start(i, s.step);
      const timing = await timed(opts, async () => {
        await tx.unsafe(setTimeoutsSql(revisionTimeouts(opts.timeouts, s.timeouts), true));
        inForce.forget();
        await runScriptStep(tx, body, identity(s));
      });
      sending.moved();
      progress.done(i, s.step, timing.ms);
      done.push({ step: s.step, ...timing });
      i++;
      continue;
    }
    let end = i;
    while (end < steps.length && steps[end]!.kind === "sql") end++;
    await runSqlSteps(tx, steps.slice(i, end), i, opts, progress, done, inForce, sending);
    i = end;
  }
  return done;
}

/** Runs consecutive SQL steps pipelined, timing each as its last result arrives; `offset` is the first one's index in the segment. */
async function runSqlSteps(
  tx: TransactionSql,
  steps: readonly RunnableStep[],
  offset: number,
  opts: SegmentRunOptions,
  progress: SegmentProgress,
  done: StepResult[],
  inForce: TimeoutsInForce,
  sending: Sending,
): Promise<void> {
  opts.checkpoint();
  const timing = new PipelinedTiming(opts);
  progress.start(offset, steps[0]!.step);
  // Each revision's statements are sent after its own timeouts, when they are not in force already (see unit-timeouts.ts).
  const sent: SentStatement[][] = [];
  // Asked for in order, once each: whether a revision must set its timeouts depends on the one before.
  const statementsOf = (k: number): SentStatement[] => (sent[k] ??= inForce.statementsFor(sqlBody(steps[k]!).statements, revisionTimeouts(opts.timeouts, steps[k]!.timeouts)));
  const failure = await runPipelined(tx, steps.map((_, k) => k), statementsOf, {
    onUnitDone: (k) => {
      const s = steps[k]!;
      const t = timing.next();
      progress.done(offset + k, s.step, t.ms);
      done.push({ step: s.step, ...t });
      if (k + 1 < steps.length) progress.start(offset + k + 1, steps[k + 1]!.step);
    },
    // Once the server has the first window, this process's own work cannot hold it back: begun
    // after the first slice instead, the lint held back the rest (300 revisions: 894 against 762 ms).
    onWindowSent: () => opts.alongside?.start(),
    onStatementDone: sending.moved,
    shareQueries: sending.shareQueries,
  });
  if (failure) {
    const s = steps[failure.unit]!;
    const body = sqlBody(s);
    const statement = sent[failure.unit]![failure.statement]!;
    // A setting retort sent is not in the file: its error is put at the start of the statement it was sent for.
    const position = statement.source === undefined ? undefined : failure.position;
    throw sqlError(failure.error, body.statements[sourceOf(sent[failure.unit]!, failure.statement)]!, body, identity(s), position);
  }
}

function sqlBody(s: RunnableStep): SqlStepBody {
  if (s.body.kind !== "sql") throw new Error(`bug: ${s.file} has no SQL body`);
  return s.body;
}

function identity(s: RunnableStep): StepIdentity {
  return { revision: s.step.revision.id, file: s.file, direction: s.step.direction };
}
