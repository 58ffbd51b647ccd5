/** Waiting for the migration lock against a real server: polling, never a statement that waits with a snapshot. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl, type DatabaseUrl } from "../src/config/database-url.ts";
import { LockTimeoutError, type LockHolder } from "../src/db/errors.ts";
import { acquireLock, LockAttempt, type LockOptions } from "../src/db/lock.ts";
import { lockPollPause, type LockWaitTiming } from "../src/db/lock-wait.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
let url: DatabaseUrl;

beforeAll(async () => {
  db = await createTestDatabase("lockwait");
  url = parseDatabaseUrl(db.url, "the test database");
});
afterAll(async () => {
  await db.drop();
});

const table = { table: "alembic_version", schema: undefined };

/** Lock options for `name`, waiting with `timing`. */
function lockOptions(name: string, timing: LockWaitTiming, onWait: (h: LockHolder | undefined) => void = () => undefined, timeoutMs = 60_000): LockOptions {
  return { applicationName: name, onNotice: () => undefined, table, timeoutMs, timing, onWait };
}

/** Real pauses on a real clock. */
const realTiming: LockWaitTiming = { clock: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: () => 0.5 };

describe("waiting for the migration lock", () => {
  it("between polls the waiting connection holds no transaction and no snapshot", async () => {
    const holder = await acquireLock(url, lockOptions("lockwait-holder", realTiming));
    const seen: { state: string; xact_start: Date | null; backend_xmin: string | null }[] = [];
    let pauses = 0;
    const timing: LockWaitTiming = {
      ...realTiming,
      // While the waiter pauses, look at its connection from outside; after three pauses the holder lets go.
      sleep: async (ms) => {
        const rows = await db.sql<typeof seen>`select state, xact_start, backend_xmin::text from pg_stat_activity where application_name = 'lockwait-waiter (migration lock)'`;
        seen.push(...rows);
        if (++pauses === 3) await holder.release();
        await realTiming.sleep(ms);
      },
    };
    const waiter = await acquireLock(url, lockOptions("lockwait-waiter", timing));
    await waiter.release();
    expect(pauses).toBe(3);
    expect(seen).toHaveLength(3);
    for (const s of seen) expect(s).toEqual({ state: "idle", xact_start: null, backend_xmin: null });
  });

  it("gives up once the timeout has passed on its clock, naming the holder, which it reports once", async () => {
    const holder = await acquireLock(url, lockOptions("lockwait-holder2", realTiming));
    try {
      let now = 0;
      const pauses: number[] = [];
      const fake: LockWaitTiming = { clock: () => now, sleep: async (ms) => {
          pauses.push(ms);
          now += ms;
        },
        random: () => 0.99 };
      const waits: (LockHolder | undefined)[] = [];
      const failure = await acquireLock(url, lockOptions("lockwait-waiter2", fake, (h) => waits.push(h), 5_000)).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(LockTimeoutError);
      const [holderPid] = await db.sql<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'lockwait-holder2 (migration lock)'`;
      expect((failure as LockTimeoutError).holder?.pid).toBe(holderPid!.pid);
      expect((failure as LockTimeoutError).timeoutMs).toBe(5_000);
      expect(waits.map((h) => h?.pid)).toEqual([holderPid!.pid]);
      // It polled through the whole timeout, no pause longer than the bound, and not one beyond it.
      expect(pauses.reduce((a, b) => a + b, 0)).toBe(5_000);
      expect(Math.max(...pauses)).toBeLessThanOrEqual(1_000);
      expect(pauses.length).toBeGreaterThan(5);
    } finally {
      await holder.release();
    }
  });
});

/** Whether the session named `name` holds an advisory lock, as the server sees it. */
async function holdsAdvisoryLock(name: string): Promise<boolean> {
  const rows = await db.sql`select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and a.application_name = ${`${name} (migration lock)`}`;
  return rows.length > 0;
}

/** Asks `probe` until it says yes, for at most 10 s. */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await realTiming.sleep(20)) if (await probe()) return true;
  return false;
}

describe("a lock attempt begun before the run needs the lock", () => {
  it("holds the lock once its first try has answered, before it is taken, and lets go of it when ended", async () => {
    const attempt = new LockAttempt(url, lockOptions("lockattempt-early", realTiming));
    expect(await eventually(() => holdsAdvisoryLock("lockattempt-early"))).toBe(true);
    await attempt.end();
    expect(await holdsAdvisoryLock("lockattempt-early")).toBe(false);
    // Free again: another run takes it at once.
    const next = await acquireLock(url, lockOptions("lockattempt-next", realTiming));
    await next.release();
  });

  it("after a first try that found the lock held, waits for it when taken, and ends without waiting when never taken", async () => {
    const holder = await acquireLock(url, lockOptions("lockattempt-holder", realTiming));
    const reported: (LockHolder | undefined)[] = [];
    const abandoned = new LockAttempt(url, lockOptions("lockattempt-abandoned", realTiming));
    const waiting = new LockAttempt(url, lockOptions("lockattempt-waiter", realTiming, (h) => reported.push(h)));
    // Ended while the holder still holds the lock: it does not wait for it.
    await abandoned.end();
    expect(await holdsAdvisoryLock("lockattempt-abandoned")).toBe(false);
    const taking = waiting.take();
    expect(await eventually(async () => reported.length > 0)).toBe(true);
    const [holderPid] = await db.sql<{ pid: number }[]>`select pid from pg_stat_activity where application_name = 'lockattempt-holder (migration lock)'`;
    expect(reported.map((h) => h?.pid)).toEqual([holderPid!.pid]);
    expect(await holdsAdvisoryLock("lockattempt-waiter")).toBe(false);
    await holder.release();
    const lock = await taking;
    expect(await holdsAdvisoryLock("lockattempt-waiter")).toBe(true);
    // Taking it again gives the same lock; ending a taken attempt releases it.
    expect(await waiting.take()).toBe(lock);
    await waiting.end();
    expect(await holdsAdvisoryLock("lockattempt-waiter")).toBe(false);
  });
});

describe("the pause between polls", () => {
  it("grows from 50 ms to at most 1 s, and the jitter only shortens it, by up to half", () => {
    expect(lockPollPause(0, 0.999999)).toBe(50);
    expect(lockPollPause(0, 0)).toBe(25);
    expect(lockPollPause(1, 0.999999)).toBe(75);
    expect(lockPollPause(20, 0.999999)).toBe(1_000);
    expect(lockPollPause(20, 0)).toBe(500);
  });
});

describe("a lock whose database is dropped while it is held", () => {
  it("ends: the lock went with its connection, and releasing it does not connect again to a database that is gone", { timeout: 30_000 }, async () => {
    const other = await createTestDatabase("lockwait_dropped");
    let lost = false;
    const attempt = new LockAttempt(parseDatabaseUrl(other.url, "the dropped database"), { ...lockOptions("lockwait-dropped", realTiming), onLost: () => void (lost = true) });
    await attempt.take();
    await other.drop(); // with (force): the lock's connection is terminated
    for (let i = 0; i < 100 && !lost; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lost).toBe(true);
    await attempt.end();
  });
});
