/**
 * Pipelining: statements sent on a transaction without waiting for each result, so a run costs
 * about one round trip per thousand statements instead of one per statement. The driver answers
 * in order, so the last result of each unit (a revision's section, a schema file) marks where that
 * unit ended, and a failure is attributed to the statement that caused it.
 *
 * Where the server allows it, consecutive statements share a Query message (see `query-batch.ts`):
 * a message per statement cost the server 10–20% more than `psql -f`, whose pace it sets.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { TransactionSql } from "./connect.ts";
import { QueryBatch, type BatchPart, type Culprit } from "./query-batch.ts";
import { isServerError, type ServerError } from "./run-step.ts";

/** What is sent of a statement: its text. */
interface Statement {
  readonly text: string;
}

/** The statement that made a pipeline fail: its unit, its index in that unit, and the server's error. */
export interface PipelineFailure {
  readonly unit: number;
  readonly statement: number;
  readonly error: ServerError;
  /** The error's 1-based character position inside the statement, when the server gave one. */
  readonly position: number | undefined;
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
    return this.hasRoomFor(1);
  }
  /** Whether `statements` more would still fit. */
  hasRoomFor(statements: number): boolean {
    return this.statements + statements <= PipelineWindow.MAX_STATEMENTS && this.bytes < PipelineWindow.MAX_BYTES;
  }
  /** Counts `statements` as in flight; returns what to give back when their results are in. */
  add(statements: readonly Statement[]): WindowSize {
    const size = { statements: statements.length, bytes: statements.reduce((n, s) => n + s.text.length, 0) };
    this.statements += size.statements;
    this.bytes += size.bytes;
    return size;
  }
  remove(size: WindowSize): void {
    this.statements -= size.statements;
    this.bytes -= size.bytes;
  }
}

/** 25P02: "current transaction is aborted": a consequence of an earlier failure, not the cause. */
const IN_FAILED_TRANSACTION = "25P02";

/** A unit whose statements are on their way: `done` settles true once they all completed, false if one of them did not. */
interface InFlight {
  readonly done: Promise<boolean>;
  readonly size: WindowSize;
}

/** What a caller hears of a pipeline as it runs, and how it sends. */
export interface PipelineOptions {
  /**
   * Unit `index`'s results are all in. Told in order, and where statements share messages as soon
   * as its last statement's marker is read: before any notice a later statement raised.
   */
  readonly onUnitDone?: (index: number) => void;
  /** A statement completed: the run is moving (see AttemptWatch.moved). */
  readonly onStatementDone?: () => void;
  /** The first window is on the wire: the server has all the work it will have for a while. */
  readonly onWindowSent?: () => void;
  /**
   * Whether statements may share a Query message (`statementsShareQueries` of the connection):
   * without it, each is sent alone.
   */
  readonly shareQueries?: boolean;
}

/**
 * Runs the statements of `units` in order on `tx`, pipelined within a bounded window, and says
 * when each unit's results are all in. Stops at the first failing unit and returns the statement
 * that caused the failure; throws a failure that no statement caused (only "transaction is
 * aborted" errors, or one that is not the server's, such as a lost connection).
 */
export async function runPipelined<U>(
  tx: TransactionSql,
  units: readonly U[],
  statementsOf: (unit: U) => readonly Statement[],
  options: PipelineOptions = {},
): Promise<PipelineFailure | undefined> {
  const sent: (InFlight | undefined)[] = [];
  const batches: QueryBatch[] = [];
  const window = new PipelineWindow();
  const perQuery = options.shareQueries ? QueryBatch.MAX_STATEMENTS : 1;
  let open: QueryBatch | undefined;
  // How many units onUnitDone has been told of: through `last`, and the units with no statements right after it.
  let told = 0;
  const tellThrough = (last: number): void => {
    for (; told <= last || sent[told]?.size.statements === 0; told++) options.onUnitDone?.(told);
  };
  // A unit's results arrive after it is counted as sent, and before the loop below lets it go.
  const completed = (part: BatchPart): void => {
    options.onStatementDone?.();
    if (part.statement === sent[part.unit]!.size.statements - 1) tellThrough(part.unit);
  };
  const flush = (): void => {
    if (open === undefined) return;
    batches.push(open);
    open.send(tx, completed);
    open = undefined;
  };
  const sendAhead = (limit = units.length): void => {
    while (sent.length < Math.min(units.length, limit) && window.hasRoom()) {
      const unit = sent.length;
      const statements = statementsOf(units[unit]!);
      let done: Promise<boolean> = Promise.resolve(true);
      for (const [k, s] of statements.entries()) {
        open ??= new QueryBatch(options.shareQueries === true);
        open.add({ unit, statement: k, text: s.text });
        if (k === statements.length - 1) done = open.lastCompletes();
        if (open.size >= perQuery || open.bytes >= QueryBatch.MAX_BYTES) flush();
      }
      sent.push({ done, size: window.add(statements) });
    }
    flush();
  };
  // The first window goes out in growing slices, each written to the server before the next is
  // built: the driver sends a query a microtask after it is made and writes small ones on the next
  // turn of the event loop, so building the whole window first (300 revisions: about 10 ms) left
  // the server idle meanwhile.
  for (let slice = 1; sent.length < units.length && window.hasRoom(); slice *= 2) {
    sendAhead(sent.length + slice);
    await written();
  }
  options.onWindowSent?.();
  for (let i = 0; i < units.length; i++) {
    const unit = sent[i]!;
    if (!(await unit.done)) {
      // Let the rest of the pipeline drain (each fails as "transaction aborted") before the caller rolls back.
      await Promise.all(batches.map((b) => b.settled));
      return failureOf(batches);
    }
    window.remove(unit.size);
    sent[i] = undefined; // its queries and results can go
    // So can the messages that are done: a failure needs only the ones not yet answered.
    while (batches[0]?.succeeded) batches.shift();
    // Refilled a message's worth at a time, not a unit at a time, so that the messages stay full.
    if (window.hasRoomFor(perQuery)) sendAhead();
    // Told already as its marker was read, unless its last statement went alone (or it has none).
    tellThrough(i);
  }
  return undefined;
}

/**
 * The statement that caused a failed pipeline's first failure. Later statements fail only as
 * "transaction is aborted", a consequence; when only such failures are present, or the first is
 * not the server's (a lost connection), it is thrown.
 */
function failureOf(batches: readonly QueryBatch[]): PipelineFailure {
  const failed = batches.filter((b) => b.error !== undefined);
  const cause = failed.find((b) => !(isServerError(b.error) && b.error.code === IN_FAILED_TRANSACTION)) ?? failed[0];
  if (cause === undefined) throw new Error("bug: a pipeline unit failed but no query did");
  const culprit: Culprit | undefined = cause.culprit();
  if (culprit === undefined || !isServerError(cause.error) || cause.error.code === IN_FAILED_TRANSACTION) throw cause.error;
  return { unit: culprit.part.unit, statement: culprit.part.statement, error: cause.error, position: culprit.position };
}

/**
 * Resolves once queries made before it are on the wire: one turn of the event loop for the
 * driver's microtasks to hand them over and schedule its write, a second for that write to run.
 */
export async function written(): Promise<void> {
  await nextTurn();
  await nextTurn();
}
