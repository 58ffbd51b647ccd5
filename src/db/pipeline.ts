/**
 * Pipelining: statements sent on a transaction without waiting for each result, so a run costs
 * about one round trip per thousand statements instead of one per statement. The driver answers
 * in order, so the last result of each unit (a revision's section, a schema file) marks where that
 * unit ended, and a failure is attributed to the statement that caused it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { TransactionSql } from "./connect.ts";
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

/**
 * The index of the statement that caused a failure among pipelined outcomes (undefined when all
 * succeeded). Later statements fail only as "transaction is aborted", which is a consequence, not
 * the cause; -1 when only such failures are present.
 */
function firstFailure(outcomes: readonly unknown[]): number | undefined {
  if (outcomes.every((e) => e === undefined)) return undefined;
  return outcomes.findIndex((e) => e !== undefined && !(isServerError(e) && e.code === IN_FAILED_TRANSACTION));
}

/** A unit whose statements are on their way: each settles to undefined or to its error. */
interface InFlight {
  readonly outcomes: readonly Promise<unknown>[];
  readonly size: WindowSize;
}

/** What a caller hears of a pipeline as it runs. */
export interface PipelineEvents {
  /** Unit `index`'s results are all in. */
  readonly onUnitDone?: (index: number) => void;
  /** The first window is on the wire: the server has all the work it will have for a while. */
  readonly onWindowSent?: () => void;
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
  events: PipelineEvents = {},
): Promise<PipelineFailure | undefined> {
  const sent: (InFlight | undefined)[] = [];
  const window = new PipelineWindow();
  const sendAhead = (limit = units.length): void => {
    while (sent.length < Math.min(units.length, limit) && window.hasRoom()) {
      const statements = statementsOf(units[sent.length]!);
      // `.then` at once, not `await`: awaiting a driver query sends it a microtask later, which
      // would reorder it behind queries issued after it.
      const outcomes = statements.map((s) => tx.unsafe(s.text).then(() => undefined, (err: unknown) => err));
      sent.push({ outcomes, size: window.add(statements) });
    }
  };
  // The first window goes out in growing slices, each written to the server before the next is
  // built: the driver sends a query a microtask after it is made and writes small ones on the next
  // turn of the event loop, so building the whole window first (300 revisions: about 10 ms) left
  // the server idle meanwhile.
  for (let slice = 1; sent.length < units.length && window.hasRoom(); slice *= 2) {
    sendAhead(sent.length + slice);
    await written();
  }
  events.onWindowSent?.();
  for (let i = 0; i < units.length; i++) {
    const unit = sent[i]!;
    const outcomes = await Promise.all(unit.outcomes);
    window.remove(unit.size);
    const failed = firstFailure(outcomes);
    if (failed !== undefined) {
      // Let the rest of the pipeline drain (each fails as "transaction aborted") before the caller rolls back.
      await Promise.all(sent.slice(i + 1).flatMap((u) => u?.outcomes ?? []));
      const error = outcomes[failed < 0 ? outcomes.findIndex((o) => o !== undefined) : failed];
      if (failed < 0 || !isServerError(error)) throw error;
      return { unit: i, statement: failed, error };
    }
    sent[i] = undefined; // its queries and results can go
    sendAhead();
    events.onUnitDone?.(i);
  }
  return undefined;
}

/**
 * Resolves once queries made before it are on the wire: one turn of the event loop for the
 * driver's microtasks to hand them over and schedule its write, a second for that write to run.
 */
async function written(): Promise<void> {
  await nextTurn();
  await nextTurn();
}
