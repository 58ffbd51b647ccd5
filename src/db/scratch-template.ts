/**
 * Who may use a scratch database, and a template copy of it. The lock that keeps two retort
 * processes off one scratch database is taken in the server's `postgres` database, not in the
 * scratch database itself, so that the scratch database can be dropped and cloned from its
 * template (CREATE DATABASE … TEMPLATE needs both without other sessions). A role that cannot
 * reach `postgres` takes the lock in the scratch database and goes without a template.
 */
import { withDatabase, type DatabaseUrl } from "../config/database-url.ts";
import { quoteIdent, quoteLiteral } from "../core/sql-quote.ts";
import { sha256Hex } from "../scripts/sha256.ts";
import { withConnection, type ConnectOptions } from "./connect.ts";
import { ConnectionError } from "./errors.ts";
import { acquireLock, type MigrationLock } from "./lock.ts";
import type { LockWaitTiming } from "./lock-wait.ts";
import { dropDatabase, dropScratchDatabase, ensureScratchDatabase } from "./scratch.ts";

/** The scratch lock, and whether the scratch database may be dropped while it is held. */
export interface ScratchLock {
  readonly lock: MigrationLock;
  /** The lock is outside the scratch database: it can be dropped and cloned. */
  readonly canClone: boolean;
}

/** Creates the scratch database `url` if needed and takes its lock: what every user of it does first. */
export async function claimScratch(url: DatabaseUrl, opts: ConnectOptions & { readonly timeoutMs: number; readonly timing: LockWaitTiming; readonly onWait: () => void }): Promise<ScratchLock> {
  await ensureScratchDatabase(url, opts);
  return lockScratch(url, opts);
}

/** Takes the lock on the scratch database `url` (waiting at most `timeoutMs`). */
async function lockScratch(url: DatabaseUrl, opts: ConnectOptions & { readonly timeoutMs: number; readonly timing: LockWaitTiming; readonly onWait: () => void }): Promise<ScratchLock> {
  const lockOptions = { ...opts, table: { table: `retort_scratch:${url.database}`, schema: undefined }, onWait: () => opts.onWait() };
  if (url.database !== "postgres") {
    try {
      return { lock: await acquireLock(withDatabase(url, "postgres"), lockOptions), canClone: true };
    } catch (err) {
      if (!(err instanceof ConnectionError && (err.failure === "no-database" || err.failure === "authentication"))) throw err;
    }
  }
  return { lock: await acquireLock(url, lockOptions), canClone: false };
}

/** The template's name: `<scratch>_base`, shortened with a hash when it would pass 63 bytes. */
export function templateName(scratch: string): string {
  const name = `${scratch}_base`;
  if (Buffer.byteLength(name) <= 63) return name;
  const hash = sha256Hex(scratch).slice(0, 8);
  return `${Buffer.from(scratch).subarray(0, 40).toString("utf8").replace(/\uFFFD+$/, "")}_${hash}_base`;
}

function maintenance(url: DatabaseUrl): DatabaseUrl {
  return withDatabase(url, "postgres");
}

/** The key the template holds (its COMMENT), or undefined when there is no template. */
export async function templateKey(url: DatabaseUrl, opts: ConnectOptions): Promise<string | undefined> {
  return withConnection(maintenance(url), opts, async (sql) => {
    const rows = await sql.unsafe<{ key: string | null }[]>(
      `select shobj_description(oid, 'pg_database') as key from pg_database where datname = ${quoteLiteral(templateName(url.database))}`,
    );
    return rows[0]?.key ?? undefined;
  });
}

/** Copies the scratch database (which nobody may be connected to) into its template, labelled `key`. */
export async function saveTemplate(url: DatabaseUrl, key: string, opts: ConnectOptions): Promise<void> {
  const template = quoteIdent(templateName(url.database));
  await withConnection(maintenance(url), opts, async (sql) => {
    await dropDatabase(sql, templateName(url.database));
    await sql.unsafe(`create database ${template} template ${quoteIdent(url.database)}`);
    await sql.unsafe(`comment on database ${template} is ${quoteLiteral(key)}`);
  });
}

/** Replaces the scratch database (nobody may be connected to it) with a copy of its template. */
export async function cloneTemplate(url: DatabaseUrl, opts: ConnectOptions): Promise<void> {
  await withConnection(maintenance(url), opts, async (sql) => {
    await dropDatabase(sql, url.database);
    await sql.unsafe(`create database ${quoteIdent(url.database)} template ${quoteIdent(templateName(url.database))}`);
  });
}

/** Drops the template, if there is one. */
export async function dropTemplate(url: DatabaseUrl, opts: ConnectOptions): Promise<void> {
  await dropScratchDatabase(withDatabase(url, templateName(url.database)), opts);
}
