/**
 * pgbench's per-transaction log (`-l`), read back as application transactions on the wall clock.
 * Each line is one finished transaction: `client_id transaction_no time script_no time_epoch
 * time_us [schedule_lag] [retries]`. time_epoch/time_us say when it *completed*; under `--rate`,
 * `time` counts from when the transaction was scheduled, and schedule_lag says how much later it
 * actually began (PostgreSQL docs, pgbench, "Per-Transaction Logging").
 */

/** One application transaction; times are milliseconds since the Unix epoch. */
export interface AppTransaction {
  readonly client: number;
  /** When it began running, not when `--rate` scheduled it. */
  readonly startedMs: number;
  readonly finishedMs: number;
  /** How long the application waited for it, from its start to its end. */
  readonly latencyMs: number;
}

/** How pgbench was run: the optional fields of a line depend on it. */
export interface PgbenchLogFormat {
  /** `--rate` was given: every line carries schedule_lag. */
  readonly rated: boolean;
}

/** The worst application transaction among those that started in a window. */
export interface WorstStarted {
  /** How many transactions started in the window. */
  readonly started: number;
  /** The longest latency among them; undefined when none started. */
  readonly worstMs: number | undefined;
}

/**
 * Reads one pgbench log file. Lines of transactions that never ran to completion (`skipped`
 * under --latency-limit, `failed` and the like under --max-tries) are left out; anything else
 * that is not a log line is an error naming the line, since a misread log would give wrong figures.
 */
export function parsePgbenchLog(text: string, format: PgbenchLogFormat): AppTransaction[] {
  const transactions: AppTransaction[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const fields = line.trim().split(/\s+/);
    const expected = format.rated ? 7 : 6;
    if (fields.length < expected) throw new Error(`pgbench log line ${index + 1}: expected at least ${expected} fields, got "${line}"`);
    const [client, , time, , epochS, epochUs, lag] = fields;
    if (!/^\d+$/.test(time!)) {
      if (/^[a-z]+$/.test(time!)) return;
      throw new Error(`pgbench log line ${index + 1}: the transaction time "${time}" is not a number`);
    }
    const numbers = [client, epochS, epochUs, ...(format.rated ? [lag] : [])];
    if (!numbers.every((n) => /^\d+$/.test(n!))) throw new Error(`pgbench log line ${index + 1}: expected whole numbers, got "${line}"`);
    const finishedMs = Number(epochS) * 1000 + Number(epochUs) / 1000;
    // Under --rate, `time` includes the wait for the schedule; the transaction itself is the rest.
    const latencyMs = (Number(time) - (format.rated ? Number(lag) : 0)) / 1000;
    transactions.push({ client: Number(client), startedMs: finishedMs - latencyMs, finishedMs, latencyMs });
  });
  return transactions;
}

/** The transactions that started between `fromMs` and `toMs` (inclusive), and the slowest of them. */
export function worstStartedDuring(transactions: readonly AppTransaction[], fromMs: number, toMs: number): WorstStarted {
  let started = 0;
  let worstMs: number | undefined;
  for (const t of transactions) {
    if (t.startedMs < fromMs || t.startedMs > toMs) continue;
    started++;
    if (worstMs === undefined || t.latencyMs > worstMs) worstMs = t.latencyMs;
  }
  return { started, worstMs };
}
