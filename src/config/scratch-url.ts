/** The scratch database: where it defaults to, and the check that it is never the real database. */
import type { DatabaseUrl } from "./database-url.ts";
import { separateMemoryDatabase, withDatabase } from "./database-url.ts";
import { ScratchIsDatabaseError } from "./errors.ts";

const SUFFIX = "_scratch";
/** NAMEDATALEN - 1: Postgres silently truncates longer names, which could land on the real database. */
const MAX_NAME_BYTES = 63;
const LOCAL_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "::1"]);

/** Whether two URLs may name the same database; local spellings (socket, localhost, 127.0.0.1, ::1) count as one server. */
export function sameDatabase(a: DatabaseUrl, b: DatabaseUrl): boolean {
  if (a.embedded || b.embedded) return a.embedded?.key === b.embedded?.key;
  if (a.database !== b.database || a.port !== b.port) return false;
  const host = (url: DatabaseUrl) => {
    const name = url.host?.toLowerCase();
    // A socket and a loopback address usually reach the same server; erring towards "same" is
    // what protects the real database from being dropped as a scratch one.
    return name === undefined || name.startsWith("/") || LOCAL_HOSTS.has(name) ? "local" : name;
  };
  return host(a) === host(b);
}

/** Throws when `scratch` is the `database` it is meant to stand beside. */
export function assertScratchIsSeparate(scratch: DatabaseUrl, database: DatabaseUrl): void {
  if (sameDatabase(scratch, database)) throw new ScratchIsDatabaseError(scratch.source, database.source, scratch.redacted);
}

/**
 * The default scratch database, `<database>_scratch` on the same server, shortened to fit
 * Postgres's 63 bytes; for a `pglite:` database, an in-memory one.
 */
export function defaultScratchUrl(database: DatabaseUrl): DatabaseUrl {
  // An embedded database's scratch is another one, in memory: it is emptied and refilled anyway.
  if (database.embedded) return separateMemoryDatabase(database, "scratch", `the default scratch database for ${database.source}`);
  const encoder = new TextEncoder();
  let stem = "";
  for (const char of database.database) {
    if (encoder.encode(stem + char + SUFFIX).length > MAX_NAME_BYTES) break;
    stem += char;
  }
  const scratch = Object.freeze({ ...withDatabase(database, stem + SUFFIX), source: `the default scratch database for ${database.source}` });
  assertScratchIsSeparate(scratch, database);
  return scratch;
}
