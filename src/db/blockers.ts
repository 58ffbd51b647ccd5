/**
 * Who is in the way of a statement waiting for a lock. The wait must be looked at while it lasts:
 * once lock_timeout has cancelled the statement, pg_blocking_pids() of its backend is empty. So
 * while an attempt runs, a monitor samples the worker's wait from a connection of its own, and
 * the lock timeout is reported with the last sample taken during the wait.
 */
import type { Sql } from "./connect.ts";
import { settledWithin } from "./grace.ts";

/** A session holding (or queued before us for) a lock our statement waits for, as pg_stat_activity shows it. */
export interface Blocker {
  readonly pid: number;
  readonly user: string | null;
  readonly applicationName: string | null;
  /** The client's address, or "local socket". */
  readonly clientAddr: string;
  /** `active`, `idle in transaction`…; null when this user may not see it. */
  readonly state: string | null;
  /** How long its transaction has been open, in seconds (null outside a transaction or when hidden). */
  readonly transactionSeconds: number | null;
  /** The first part of its current or last query, on one line. */
  readonly query: string | null;
}

/** What a waiting statement waited for, and who held it. */
export interface WaitSample {
  /** The locks it waited for, such as `relation accounts (AccessExclusiveLock)`. */
  readonly waitingFor: string;
  readonly blockers: readonly Blocker[];
}

/** How much of a blocker's query to show. */
const QUERY_CHARS = 120;

/**
 * One round trip: the ungranted locks of `pid` and the sessions pg_blocking_pids() names. The
 * pid is a number the server gave us, spliced as an integer literal (no describe round trip).
 */
function sampleQuery(pid: number): string {
  return `
  select
    (select string_agg(distinct case when l.relation is not null then 'relation ' || l.relation::regclass::text
                                     when l.locktype in ('virtualxid', 'transactionid') then 'older transactions to end'
                                     else l.locktype end || ' (' || l.mode || ')', ', ')
       from pg_locks l where l.pid = ${pid} and not l.granted) as waiting_for,
    coalesce((select json_agg(json_build_object(
        'pid', a.pid, 'user', a.usename, 'applicationName', a.application_name,
        'clientAddr', coalesce(host(a.client_addr), 'local socket'), 'state', a.state,
        'transactionSeconds', round(extract(epoch from clock_timestamp() - a.xact_start)::numeric, 1),
        'query', left(regexp_replace(a.query, '\\s+', ' ', 'g'), ${QUERY_CHARS})) order by a.xact_start)
       from pg_stat_activity a where a.pid = any(pg_blocking_pids(${pid}))), '[]'::json) as blockers`;
}

/** Samples the waits of a worker connection from a monitor connection opened on first use. */
export class BlockerMonitor {
  #sql: Sql | undefined;
  private readonly open: () => Sql;
  private readonly close: (sql: Sql) => Promise<void>;

  constructor(open: () => Sql, close: (sql: Sql) => Promise<void>) {
    this.open = open;
    this.close = close;
  }

  /** What backend `pid` is waiting for now, or undefined when it is not waiting (or the monitor failed: it only informs). */
  async sample(pid: number): Promise<WaitSample | undefined> {
    try {
      this.#sql ??= this.open();
      // pg_locks holds every lock of the server (thousands, in a run of many revisions) and is
      // costly to read, so it is read only once pg_stat_activity says the worker waits for a lock.
      const waiting = await this.#sql.unsafe<{ w: string | null }[]>(`select wait_event_type as w from pg_stat_activity where pid = ${pid}`);
      if (waiting[0]?.w !== "Lock") return undefined;
      const rows = await this.#sql.unsafe<{ waiting_for: string | null; blockers: Blocker[] | string }[]>(sampleQuery(pid));
      const row = rows[0];
      if (!row || row.waiting_for === null) return undefined;
      const blockers = typeof row.blockers === "string" ? (JSON.parse(row.blockers) as Blocker[]) : row.blockers;
      return { waitingFor: row.waiting_for, blockers: blockers.map((b) => ({ ...b, transactionSeconds: b.transactionSeconds === null ? null : Number(b.transactionSeconds) })) };
    } catch {
      return undefined;
    }
  }

  /** Closes the monitor connection, if one was opened. */
  async end(): Promise<void> {
    if (this.#sql) await this.close(this.#sql);
    this.#sql = undefined;
  }
}

/** How long the end of an attempt waits for a sample under way (one answers in milliseconds). */
const SAMPLE_GRACE_MS = 2_000;

/**
 * Watches one attempt: samples the worker's wait once it has made no progress for `intervalMs` (a
 * third of the lock timeout), then about every `intervalMs` while it stays stuck, and keeps the
 * last sample that found a wait. A wait that lasts until the lock timeout is sampled twice or
 * more. A worker whose statements keep completing waits for no lock: it is not sampled, so a run
 * that goes well never opens the monitor's connection nor adds its queries to a busy server's load.
 */
export class AttemptWatch {
  #pid: number | undefined;
  #last: WaitSample | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #busy = false;
  /** When the attempt started or last made progress, and when it was last sampled (performance.now()). */
  #movedAt = performance.now();
  #sampledAt = -Infinity;
  private readonly monitor: BlockerMonitor | undefined;
  private readonly intervalMs: number;

  constructor(monitor: BlockerMonitor | undefined, intervalMs: number) {
    this.monitor = monitor;
    this.intervalMs = Math.max(20, intervalMs);
    if (monitor === undefined) return;
    // Ticks four times per interval: a stall is first sampled one to one and a quarter intervals
    // after it began, then every three quarters to one interval, so a late timer costs a tick,
    // not an interval.
    this.#timer = setInterval(() => this.#tick(), this.intervalMs / 4);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** The worker's backend pid, once known: sampling starts then. */
  worker(pid: number): void {
    this.#pid = pid;
  }

  /** The worker made progress (a statement completed): it is not waiting for a lock now. */
  moved(): void {
    this.#movedAt = performance.now();
  }

  #tick(): void {
    const pid = this.#pid;
    // One sample at a time: a slow monitor must not pile queries up.
    if (pid === undefined || this.monitor === undefined || this.#busy) return;
    const now = performance.now();
    if (now - this.#movedAt < this.intervalMs || now - this.#sampledAt < (this.intervalMs * 3) / 4) return;
    this.#sampledAt = now;
    this.#busy = true;
    this.#inFlight = this.monitor.sample(pid).then((s) => {
      if (s !== undefined) this.#last = s;
      this.#busy = false;
    });
  }

  /**
   * Stops sampling; returns the last wait seen, once a sample under way has answered or
   * `SAMPLE_GRACE_MS` have passed. The monitor only informs: a sample whose connection the server
   * dropped can stay unanswered for good (the driver does not always settle it), and the run must
   * still end.
   */
  async stop(): Promise<WaitSample | undefined> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await settledWithin(this.#inFlight, SAMPLE_GRACE_MS);
    return this.#last;
  }
}

/** One attempt of a unit that could not get its locks: what it waited for, who was in the way, and what happens next. */
export interface LockWait {
  /** The unit, as a phrase: `upgrade of "2bbbbbbbbbbb"`, `the run's transaction (3 revisions)`, `statement 2 of …`. */
  readonly unit: string;
  readonly attempt: number;
  /** 55P03 (lock_timeout expired) or 40P01 (deadlock). */
  readonly sqlstate: string;
  /** What the statement waited for, when a sample saw the wait. */
  readonly waitingFor: string | null;
  readonly blockers: readonly Blocker[];
  /** Since the unit's first attempt started. */
  readonly elapsedMs: number;
  /** The pause before the next attempt; null when this was the last one. */
  readonly pauseMs: number | null;
}

/** A blocker on one line: pid, user, application, client, state, transaction age and query. */
export function describeBlocker(b: Blocker): string {
  const parts = [`pid ${b.pid}`, `user "${b.user ?? "?"}"`, `application_name "${b.applicationName ?? ""}"`, `from ${b.clientAddr}`];
  if (b.state) parts.push(b.state);
  if (b.transactionSeconds !== null) parts.push(`transaction open ${b.transactionSeconds.toFixed(1)} s`);
  return `${parts.join(", ")}${b.query ? `: ${b.query}` : ""}`;
}

/** The stderr line of one lock timeout or deadlock. */
export function describeLockWait(w: LockWait): string {
  const what = w.sqlstate === "40P01" ? "Deadlock" : "Lock timeout";
  const waited = w.waitingFor ? ` waiting for ${w.waitingFor}` : "";
  const who = w.blockers.length > 0 ? `, blocked by ${w.blockers.map((b) => describeBlocker(b)).join("; ")}` : w.sqlstate === "40P01" ? "" : ", blocker not seen";
  const next = w.pauseMs === null ? "; giving up" : `; retrying in ${w.pauseMs} ms`;
  return `${what} on attempt ${w.attempt} of ${w.unit}${waited}${who}${next}`;
}

/** The full blocker report of a wait, as lines. */
export function blockerReport(w: LockWait): string[] {
  return [
    `Waiting for: ${w.waitingFor ?? "(the wait ended before it could be seen)"}`,
    ...(w.blockers.length === 0
      ? ["Blocking sessions: none seen (they may belong to a user whose sessions this role cannot see)"]
      : ["Blocking sessions:", ...w.blockers.map((b) => `  ${describeBlocker(b)}`)]),
  ];
}
