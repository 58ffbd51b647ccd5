/**
 * The session settings that bound a unit of revision SQL: `lock_timeout` and `statement_timeout`,
 * set with `SET LOCAL` (set_config(…, true)) inside a transaction, so that they end with it, and
 * with `SET` before / `RESET` after a `transaction: false` revision, so that nothing leaks into
 * the next unit. Each revision sets its own at its start, so a user's own `SET` in a revision wins
 * for the rest of that revision only. The same text, in its `SET LOCAL` spelling, goes into
 * offline scripts.
 */
import type { UnitTimeouts } from "../core/lock-retry.ts";
import { leadingTokens } from "../scripts/split-statements.ts";
import { waitsBlockNobody } from "../scripts/statement-waits.ts";

/** A duration as PostgreSQL reads it: `'500ms'`, `'5s'`, `'10min'`. */
export function pgDuration(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `'${ms / 60_000}min'`;
  if (ms > 0 && ms % 1_000 === 0) return `'${ms / 1_000}s'`;
  return `'${ms}ms'`;
}

/** Sets both timeouts (for the transaction when `local`, else for the session) and returns the backend's pid, which the blocker monitor watches. */
export function setTimeoutsSql(t: UnitTimeouts, local: boolean): string {
  return `select pg_backend_pid() as pid, set_config('lock_timeout', ${pgDuration(t.lockTimeoutMs)}, ${local}), set_config('statement_timeout', ${pgDuration(t.statementTimeoutMs)}, ${local})`;
}

/** Puts the session's timeouts back to the role's and server's defaults, after a `transaction: false` revision. */
export const RESET_TIMEOUTS_SQL = "reset lock_timeout; reset statement_timeout";

/**
 * Lifts statement_timeout for one statement whose waits block nobody, keeping the value in force
 * (perhaps a user's own SET) in a placeholder setting so that the next statement gets it back.
 */
export function liftStatementTimeoutSql(local: boolean): string {
  return `select set_config('retort.statement_timeout', current_setting('statement_timeout'), ${local}), set_config('statement_timeout', '0', ${local})`;
}

/** Restores the statement_timeout that `liftStatementTimeoutSql` kept. */
export function restoreStatementTimeoutSql(local: boolean): string {
  return `select set_config('statement_timeout', current_setting('retort.statement_timeout'), ${local})`;
}

/** A statement to send, and the index of the revision's statement it is (undefined for a setting retort adds). */
export interface SentStatement {
  readonly text: string;
  readonly source: number | undefined;
}

/** Whether two sets of timeouts set the same session values. */
function sameSettings(a: UnitTimeouts, b: UnitTimeouts): boolean {
  return a.lockTimeoutMs === b.lockTimeoutMs && a.statementTimeoutMs === b.statementTimeoutMs;
}

/**
 * Whether a revision's statements may change a setting themselves (`SET`, `RESET`, `DO` or a
 * `set_config` call), so that the next revision must set its own again rather than trust what
 * retort set last. A setting changed inside a function the revision calls is not seen.
 */
function mayChangeSettings(statements: readonly { readonly text: string }[]): boolean {
  return statements.some((s) => {
    const [first] = leadingTokens(s.text, 1);
    return first === "set" || first === "reset" || first === "do" || /set_config/i.test(s.text);
  });
}

/**
 * The timeouts in force in a transaction, as far as retort knows, so that a revision sends its
 * own only when they differ (or a revision before it may have changed them): one statement per
 * revision costs a run of thousands of revisions a noticeable share of its time.
 */
export class TimeoutsInForce {
  #current: UnitTimeouts | undefined;

  /** `initial`: what the transaction's first statement set. */
  constructor(initial: UnitTimeouts) {
    this.#current = initial;
  }

  /** Code retort cannot see into (a TS revision) ran: the next revision sets its own. */
  forget(): void {
    this.#current = undefined;
  }

  /**
   * A revision's statements as sent inside the transaction: its timeouts first when needed, and
   * statement_timeout lifted around each statement whose waits block nobody.
   */
  statementsFor(statements: readonly { readonly text: string }[], t: UnitTimeouts): SentStatement[] {
    const needed = this.#current === undefined || !sameSettings(this.#current, t);
    this.#current = mayChangeSettings(statements) ? undefined : t;
    return withTimeouts(statements, t, needed);
  }
}

/**
 * A revision's statements as sent inside a transaction: its timeouts first (unless `setFirst` is
 * false: they are in force already), and statement_timeout lifted around each statement whose
 * waits block nobody.
 */
export function withTimeouts(statements: readonly { readonly text: string }[], t: UnitTimeouts, setFirst = true): SentStatement[] {
  const sent: SentStatement[] = setFirst ? [{ text: setTimeoutsSql(t, true), source: undefined }] : [];
  for (const [i, s] of statements.entries()) {
    if (!waitsBlockNobody(s.text)) {
      sent.push({ text: s.text, source: i });
      continue;
    }
    sent.push({ text: liftStatementTimeoutSql(true), source: undefined }, { text: s.text, source: i }, { text: restoreStatementTimeoutSql(true), source: undefined });
  }
  return sent;
}

/** The revision's statement that a failure among `sent` belongs to: its own, or the next one's for a setting before it. */
export function sourceOf(sent: readonly SentStatement[], index: number): number {
  for (let i = index; i < sent.length; i++) if (sent[i]!.source !== undefined) return sent[i]!.source!;
  for (let i = index; i >= 0; i--) if (sent[i]!.source !== undefined) return sent[i]!.source!;
  return 0;
}

/** The `SET LOCAL`s an offline script runs at the start of a revision inside a transaction. */
export function offlineSetLocalLines(t: UnitTimeouts): string[] {
  return [`SET LOCAL lock_timeout = ${pgDuration(t.lockTimeoutMs)};`, `SET LOCAL statement_timeout = ${pgDuration(t.statementTimeoutMs)};`];
}

/** The `SET`s an offline script runs before a `transaction: false` revision (and `RESET`s after it). */
export function offlineSetLines(t: UnitTimeouts): string[] {
  return [`SET lock_timeout = ${pgDuration(t.lockTimeoutMs)};`, `SET statement_timeout = ${pgDuration(t.statementTimeoutMs)};`];
}

/** The `RESET`s after a `transaction: false` revision in an offline script. */
export const OFFLINE_RESET_LINES: readonly string[] = ["RESET lock_timeout;", "RESET statement_timeout;"];
