/**
 * Several statements sent as one Query message, and how to tell which of them completed.
 *
 * The driver says nothing of a multi-statement message until the whole message is done, and a
 * failing message does not say which statement failed. So each statement is followed by a marker,
 * `select <k> as "retort: done"`, whose row says that the statements up to the k-th completed. The
 * last one has its marker too: the driver hands over a row as it reads it, in order with the
 * server's notices, while the message's end is told later (a promise settles after the driver
 * has read on, maybe into the next message). A failure is the statement after the last marker,
 * or, when the server gives a position, the statement that position falls in.
 *
 * PostgreSQL 13 and later run the statements of such a message inside a transaction block as if
 * each came in a message of its own: statement_timeout times each one separately, and a setting
 * one of them changes holds for the next (before 13 the timeout covered the whole message; see
 * `statementsShareQueries`). What differs:
 * - the server parses the whole message before it runs its first statement, so a syntax error
 *   stops the message before the statements ahead of it in the message run (the transaction is
 *   rolled back either way, and the error is the one reported);
 * - the server's error position counts from the start of the message (`culprit` maps it back);
 * - the server's log and pg_stat_activity show the whole message, markers included.
 */
import type { TransactionSql } from "./connect.ts";
import { isServerError } from "./run-step.ts";

/** A statement in a batch: its unit (a revision's section, a schema file) and its index there. */
export interface BatchPart {
  readonly unit: number;
  readonly statement: number;
  readonly text: string;
}

/** The statement that made a batch fail, and the error's 1-based character position inside it, if the server gave one. */
export interface Culprit {
  readonly part: BatchPart;
  readonly position: number | undefined;
}

/** The marker's column: a statement of a revision that returns a column of this name is mistaken for a marker. */
const MARKER = "retort: done";

/** What follows part `k` of a batch that has more after it: the marker that says it completed. */
function separator(k: number): string {
  // On lines of their own: a statement may end in a -- comment.
  return `\n;\nselect ${k} as "${MARKER}";\n`;
}

/** The number of characters (code points, as the server counts them) of `text`. */
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export class QueryBatch {
  /**
   * At most this many statements per message. The server's cost per message is what batching
   * saves; past a few dozen statements the markers cost about as much as the messages saved.
   */
  static readonly MAX_STATEMENTS = 50;
  /** A batch is sent once its statements pass this many characters (a larger statement goes alone). */
  static readonly MAX_BYTES = 256 * 2 ** 10;

  readonly #parts: BatchPart[] = [];
  /** The parts whose completion someone waits for, by index. */
  readonly #waiting = new Map<number, (completed: boolean) => void>();
  #bytes = 0;
  /** How many parts are known to have completed. */
  #completed = 0;
  #error: unknown;
  #succeeded = false;
  #settled: Promise<void> | undefined;
  #onCompleted: ((part: BatchPart) => void) | undefined;
  /** Whether each statement is followed by a marker; else the message holds one statement and no marker. */
  readonly #marked: boolean;

  /** A batch whose statements are `marked` (see the module's comment), or of one statement, unmarked. */
  constructor(marked: boolean) {
    this.#marked = marked;
  }

  get size(): number {
    return this.#parts.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Whether the server has answered the whole message, every statement completed. */
  get succeeded(): boolean {
    return this.#succeeded;
  }

  /** Why the message failed; undefined while it runs and once it has succeeded. */
  get error(): unknown {
    return this.#error;
  }

  /** Settles once the server has answered the whole message. */
  get settled(): Promise<void> {
    if (this.#settled === undefined) throw new Error("bug: a batch was awaited before it was sent");
    return this.#settled;
  }

  add(part: BatchPart): void {
    if (!this.#marked && this.#parts.length > 0) throw new Error("bug: an unmarked batch holds one statement");
    this.#parts.push(part);
    this.#bytes += part.text.length;
  }

  /** Whether the statement added last completes (false: the message failed before it did). */
  lastCompletes(): Promise<boolean> {
    const index = this.#parts.length - 1;
    return new Promise((resolve) => this.#waiting.set(index, resolve));
  }

  /**
   * Sends the message on `tx`. `onCompleted` hears of each statement that completes, in order: of a
   * marked one as its marker is read, before the driver reads any later notice.
   */
  send(tx: TransactionSql, onCompleted?: (part: BatchPart) => void): void {
    this.#onCompleted = onCompleted;
    const text = this.#marked ? this.#parts.map((p, k) => p.text + separator(k)).join("") : this.#parts[0]!.text;
    // `forEach` hands over each row as it arrives, so a marker is seen while the message still runs.
    this.#settled = tx
      .unsafe(text)
      .forEach((row: Record<string, unknown>) => {
        const marker = row[MARKER];
        if (marker !== undefined) this.#complete(Number(marker) + 1);
      })
      .then(
        () => {
          this.#complete(this.#parts.length);
          this.#succeeded = true;
        },
        (err: unknown) => {
          this.#error = err;
          for (const resolve of this.#waiting.values()) resolve(false);
          this.#waiting.clear();
        },
      );
  }

  /** The statement that made the message fail (undefined when it did not fail, or every statement had completed). */
  culprit(): Culprit | undefined {
    const err = this.#error;
    if (err === undefined) return undefined;
    const at = isServerError(err) && err.position ? Number(err.position) : undefined;
    if (at !== undefined) {
      const located = this.#locate(at);
      // A position in a statement that had completed is not where this failure lies.
      if (this.#parts.indexOf(located.part) >= this.#completed) return located;
    }
    const part = this.#parts[this.#completed];
    return part && { part, position: undefined };
  }

  /** The part a 1-based character position of the message falls in, and the position inside it. */
  #locate(at: number): Culprit {
    let start = 0;
    for (const [k, part] of this.#parts.entries()) {
      const length = characters(part.text);
      const end = k === this.#parts.length - 1 ? Infinity : start + length + separator(k).length;
      // Past the statement's text (in the separator after it): at its end, as for a statement sent alone.
      if (at <= end) return { part, position: Math.min(Math.max(1, at - start), length + 1) };
      start = end;
    }
    throw new Error("bug: a batch has no statements");
  }

  #complete(count: number): void {
    for (let k = this.#completed; k < count; k++) {
      this.#onCompleted?.(this.#parts[k]!);
      this.#waiting.get(k)?.(true);
      this.#waiting.delete(k);
    }
    this.#completed = Math.max(this.#completed, count);
  }
}
