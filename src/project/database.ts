/** Connecting to the configured database from a command. */
import type { DatabaseUrl } from "../config/database-url.ts";
import { serverAsked, withConnection, type ConnectOptions, type Sql } from "../db/connect.ts";
import { describeHolder } from "../db/errors.ts";
import type { LockWaitTiming } from "../db/lock-wait.ts";
import { withSession, type Session } from "../db/session.ts";
import type { VersionTableName } from "../db/version-table.ts";
import type { Context } from "./context.ts";
import { NoDatabaseUrlError } from "./errors.ts";

/** The configured database URL, or a clear error saying how to set one. */
export function requireDatabaseUrl(ctx: Context): DatabaseUrl {
  const url = ctx.config.databaseUrl;
  if (!url) throw new NoDatabaseUrlError();
  return url;
}

/** The configured version table. */
export function versionTableOf(ctx: Context): VersionTableName {
  return { table: ctx.config.versionTable, schema: ctx.config.versionTableSchema, history: ctx.config.historyTable };
}

/** What a connection is for besides the command's own work, shown in pg_stat_activity after the tool's name. */
export type ConnectionPurpose = "scratch" | "watch" | "lock monitor";

/**
 * The options of every connection a command opens: named after the tool (and `purpose`), served
 * by the run's embedded engines, and server notices shown as progress only with `reportNotices`
 * (the migration itself; the notices of introspection and scratch work are noise).
 */
export function connectOptions(ctx: Context, use: { readonly purpose?: ConnectionPurpose; readonly reportNotices?: boolean } = {}): ConnectOptions {
  return {
    applicationName: use.purpose === undefined ? ctx.applicationName : `${ctx.applicationName} (${use.purpose})`,
    onNotice: use.reportNotices === true ? (m) => ctx.report({ kind: "info", message: `NOTICE: ${m}` }) : () => undefined,
    embedded: ctx.embedded,
    ...(ctx.presented ? { presented: ctx.presented } : {}),
    awaitHangUp: ctx.exitsAfterCommand !== true,
  };
}

/** Runs `fn` with a connection to DATABASE_URL, closing it afterwards (read-only commands). */
export function withDatabase<T>(ctx: Context, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return withConnection(requireDatabaseUrl(ctx), connectOptions(ctx, { reportNotices: true }), fn);
}

/**
 * withDatabase, begun now: `done` settles as its promise would, and `asked` once the server has
 * been asked (serverAsked), so that what the caller does from then on overlaps the server's work.
 */
export function startWithDatabase<T>(ctx: Context, fn: (sql: Sql) => Promise<T>): { readonly done: Promise<T>; readonly asked: Promise<void> } {
  let settle!: (asked: Promise<void>) => void;
  const asked = new Promise<void>((resolve) => (settle = resolve));
  const done = (async () =>
    withDatabase(ctx, (sql) => {
      const result = fn(sql);
      settle(serverAsked(sql, result));
      return result;
    }))();
  // Without a connection (no URL), there is nothing to wait for.
  done.then(
    () => settle(Promise.resolve()),
    () => settle(Promise.resolve()),
  );
  return { done, asked };
}

/**
 * Runs `fn` in a migration session (lock on demand, interruptible) on DATABASE_URL. A server
 * notice is shown with the file `noticeSource` names at the time (the revision running), so the
 * user can tell which revision raised it.
 */
export function withMigrationSession<T>(
  ctx: Context,
  opts: { readonly noLock: boolean; readonly fetchTypes?: boolean; readonly noticeSource?: () => string | undefined },
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  const url = requireDatabaseUrl(ctx);
  const source = opts.noticeSource;
  return withSession(
    url,
    {
      ...connectOptions(ctx, { reportNotices: true }),
      ...(source ? { onNotice: (m: string) => ctx.report({ kind: "info", message: `${source() ?? "retort"}: NOTICE: ${m}` }) } : {}),
      fetchTypes: opts.fetchTypes === true,
      table: versionTableOf(ctx),
      lockTimeoutMs: ctx.config.lockTimeoutMs,
      lockWaitTiming: lockWaitTiming(ctx),
      migrationLock: ctx.config.migrationLock,
      // Only this process can open an embedded database, so there is nobody to lock out.
      noLock: opts.noLock || url.embedded !== undefined,
      signal: ctx.signal,
      onLockWait: (holder) => ctx.report({ kind: "info", message: `Waiting for the migration lock held by ${describeHolder(holder)} (migration_lock_timeout ${ctx.config.lockTimeoutMs} ms)` }),
    },
    fn,
  );
}

/** The clock, pauses and jitter of a wait for the migration lock, from the context. */
export function lockWaitTiming(ctx: Context): LockWaitTiming {
  return { clock: ctx.clock, sleep: ctx.sleep, random: ctx.random };
}

/** What `--verbose` says before a writing command connects: where to, and how other runs are kept out. */
export function connectionNotes(ctx: Context, noLock: boolean): string[] {
  const url = requireDatabaseUrl(ctx);
  const lines = [`Database: ${url.redacted} (${url.source})`];
  if (url.embedded) {
    const files = url.embedded.dataDir === undefined ? "it lives in this process only" : `a lock file keeps other processes off ${url.embedded.dataDir}`;
    lines.push(`No migration lock: ${url.redacted} is an embedded database (PGlite) with one connection, where advisory locks mean nothing; ${files}`);
  } else if (noLock) {
    lines.push("No migration lock (--no-lock)");
  } else if (ctx.config.migrationLock === "transaction") {
    const t = versionTableOf(ctx);
    lines.push(`Migration lock: a transaction-level advisory lock named after ${t.schema ? `${t.schema}.` : ""}${t.table}, taken first in every transaction (migration_lock = "transaction"); waits at most ${ctx.config.lockTimeoutMs} ms each time`);
  } else {
    const t = versionTableOf(ctx);
    lines.push(`Migration lock: a session advisory lock named after ${t.schema ? `${t.schema}.` : ""}${t.table}, on its own connection; waits at most ${ctx.config.lockTimeoutMs} ms`);
  }
  const c = ctx.config;
  lines.push(
    `Revision SQL: lock_timeout ${c.revisionLockTimeoutMs} ms per attempt, retried after lock timeouts and deadlocks for up to ${c.lockRetryBudgetMs} ms; statement_timeout ${c.revisionStatementTimeoutMs === 0 ? "none" : `${c.revisionStatementTimeoutMs} ms`} (revision headers may override them)`,
  );
  return lines;
}
