/**
 * Opening connections with postgres.js from a parsed DatabaseUrl, and classifying failures. The
 * one module that calls postgres.js's `postgres()`: every pool retort opens is built from the same
 * options here.
 */
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import postgres from "postgres";
import type { DatabaseUrl } from "../config/database-url.ts";
import { TlsFileReadError, type TlsFileParam } from "../config/errors.ts";
import { RetortError } from "../core/errors.ts";
import type { EmbeddedEngines } from "./embedded/engines.ts";
import { earlySockets, type EarlySockets } from "./early-socket.ts";
import { ConnectionError, ServerError, type ConnectionFailure } from "./errors.ts";
import type { PresentedStartup } from "./presented-connection.ts";
import { defaultUser, serverAddress, sslmodeOf, startupMessage, startupParameters, usesTls, type SocketTarget } from "./startup.ts";

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** How a connection presents itself and behaves; the same for every pool retort opens. */
export interface ConnectOptions {
  /** Shown in pg_stat_activity, so a waiting process can say who holds the lock. */
  readonly applicationName: string;
  /** Pool size; retort normally needs one. */
  readonly max?: number;
  /** Seconds before giving up on connecting. */
  readonly connectTimeout?: number;
  /** Where server notices go (postgres.js would print them to stdout). */
  readonly onNotice?: (message: string) => void;
  /**
   * Load the server's array types on connect so array columns parse into arrays. It costs a
   * catalog query per connection, so only TypeScript revisions (which may read arrays) ask for it.
   */
  readonly fetchTypes?: boolean;
  /** Called when a connection of the pool goes away (the lock's connection: the lock went with it). */
  readonly onClose?: () => void;
  /** The run's embedded engines, which serve pglite: URLs; absent when the run opens none. */
  readonly embedded?: EmbeddedEngines;
  /** A start-up message the process sent before it loaded, for the first socket to its server to take over. */
  readonly presented?: PresentedStartup;
  /**
   * Whether closing waits for the server to hang up (the default). A process about to exit need
   * not: see closeConnection. An embedded database's connections always wait, since its engine is
   * stopped next.
   */
  readonly awaitHangUp?: boolean;
}

/** A certificate or key file named by the URL; a missing or unreadable one is a configuration error. */
function readTlsFile(url: DatabaseUrl, param: TlsFileParam): Buffer {
  try {
    return readFileSync(url.params[param]!);
  } catch (err) {
    throw new TlsFileReadError(url, param, (err as { code?: string }).code ?? (err as Error).message, { cause: err });
  }
}

function sslOption(url: DatabaseUrl): postgres.Options<{}>["ssl"] {
  const mode = sslmodeOf(url);
  if (mode === "disable") return false;
  if (mode === "verify-ca" || mode === "verify-full") {
    const ca = url.params.sslrootcert ? readTlsFile(url, "sslrootcert") : undefined;
    return {
      ca,
      rejectUnauthorized: true,
      ...(mode === "verify-ca" ? { checkServerIdentity: () => undefined } : {}),
      ...(url.params.sslcert ? { cert: readTlsFile(url, "sslcert") } : {}),
      ...(url.params.sslkey ? { key: readTlsFile(url, "sslkey") } : {}),
    };
  }
  return mode as "require" | "prefer" | "allow";
}

/**
 * Queries the driver sends before waiting for results: no limit of its own. A run bounds what it
 * has in flight itself (run-plan.ts, 1,000 statements); the driver's default of 100 would hold the
 * rest back and let the server wait for them. postgres.js reads `max_pipeline` but leaves it out
 * of its types.
 */
const PIPELINE = { max_pipeline: 1_000_000 };

/** Translates a parsed URL into postgres.js options (host, unix socket, TLS, application_name). */
function connectionOptions(url: DatabaseUrl, opts: ConnectOptions, transport: Transport | { socket: () => Promise<Socket> }): postgres.Options<{}> {
  const notice = opts.onNotice;
  const onClose = opts.onClose;
  return {
    ...transport,
    database: url.database,
    ...(url.user !== undefined ? { username: url.user } : defaultUser()),
    ...(url.password !== undefined ? { password: url.password } : {}),
    ssl: sslOption(url),
    // PGlite runs one query at a time whatever the pool size.
    max: url.embedded ? 1 : (opts.max ?? 1),
    connect_timeout: opts.connectTimeout ?? (url.params.connect_timeout ? Number(url.params.connect_timeout) : 10),
    idle_timeout: 0,
    prepare: false,
    ...PIPELINE,
    fetch_types: opts.fetchTypes === true,
    onnotice: (n) => notice?.(String(n.message)),
    connection: startupParameters(url, opts.applicationName),
    ...sessionChoice(url),
    ...(onClose ? { onclose: () => onClose() } : {}),
  };
}

/** The URL's target_session_attrs and TCP keepalive settings, in postgres.js's terms. */
function sessionChoice(url: DatabaseUrl): { target_session_attrs?: "read-write" | "read-only" | "primary" | "standby" | "prefer-standby"; keep_alive?: number | null } {
  const attrs = url.params.target_session_attrs;
  const keepalives = url.params.keepalives === "0" ? { keep_alive: null } : url.params.keepalives_idle !== undefined ? { keep_alive: Number(url.params.keepalives_idle) } : {};
  return { ...(attrs !== undefined && attrs !== "any" ? { target_session_attrs: attrs as "read-write" } : {}), ...keepalives };
}

/**
 * Opens a connection pool to `url`; close it with closeConnection. A server's first socket opens
 * now (see early-socket.ts), the rest when the pool wants them.
 */
export function openConnection(url: DatabaseUrl, opts: ConnectOptions): Sql {
  if (url.embedded) return postgres(connectionOptions(url, opts, embeddedTransport(url, opts.embedded)));
  const target = serverAddress(url);
  const early = earlySockets(target, { tls: usesTls(url), ...(opts.presented ? { presented: opts.presented, message: startupMessage(url, opts.applicationName) } : {}) });
  const sql = postgres(connectionOptions(url, opts, { ...target, socket: early.socket }));
  firstSockets.set(sql, early);
  if (opts.awaitHangUp === false) leftOnClose.add(sql);
  return sql;
}

/** Pools whose closing does not wait for the server to hang up. */
const leftOnClose = new WeakSet<Sql>();

/** A server pool's first socket: closed on closing if no connection took it, and watched for its first write. */
const firstSockets = new WeakMap<Sql, EarlySockets>();

/**
 * Resolves once the pool's first connection has written to the server (its start-up message), or
 * once `query`, the pool's first, has settled without that (it failed first): work a caller does
 * from then on overlaps the server's rather than delaying the connection. postgres.js connects
 * a turn or two after the first query (from a timer, or in the executable on the next turn), and
 * a caller that reads its files meanwhile would hold that back. At once for an embedded database.
 */
export function serverAsked(sql: Sql, query: Promise<unknown>): Promise<void> {
  const first = firstSockets.get(sql);
  if (first === undefined) return Promise.resolve();
  const settled = query.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([first.written, settled]);
}

/**
 * How postgres.js reaches a server: the host and port or unix socket it names in errors and TLS,
 * and the sockets it is handed (postgres.js reads `socket` but leaves it out of its types).
 */
type Transport = SocketTarget & { readonly socket: () => Socket | Promise<Socket> };

/**
 * An embedded database's own socket, handed over already connected. The connect timeout starts
 * once that socket is there, after the engine has started.
 */
function embeddedTransport(url: DatabaseUrl, embedded: EmbeddedEngines | undefined): { socket: () => Promise<Socket> } {
  if (embedded === undefined) throw new Error(`bug: ${url.redacted} is an embedded database, but its connection was given no embedded engines`);
  return { socket: () => embedded.socket(url) };
}

const socketCodes: Readonly<Record<string, ConnectionFailure>> = {
  ECONNREFUSED: "refused",
  ENOENT: "refused",
  ENOTFOUND: "unknown-host",
  EAI_AGAIN: "unknown-host",
  CONNECT_TIMEOUT: "timeout",
  ETIMEDOUT: "timeout",
  EHOSTUNREACH: "refused",
  CONNECTION_CLOSED: "lost",
  CONNECTION_ENDED: "lost",
  CONNECTION_DESTROYED: "lost",
  ECONNRESET: "lost",
};

const sqlstateFailures: Readonly<Record<string, ConnectionFailure>> = {
  "28P01": "authentication",
  "28000": "authentication",
  "3D000": "no-database",
  "57P01": "lost",
  "57P02": "lost",
  "57P03": "refused",
};

/**
 * Turns whatever postgres.js threw into a DatabaseError that names the (redacted) target, with the
 * driver's error as its cause; unless that error's message holds the password, which the cause
 * would carry into any log that prints it.
 */
export function classifyError(err: unknown, url: DatabaseUrl): RetortError {
  if (err instanceof RetortError) return err;
  const e = err as { code?: string; message?: string; errno?: string };
  const target = `${url.redacted} (${url.source})`;
  const code = e?.code ?? e?.errno ?? "";
  const failure = socketCodes[code] ?? sqlstateFailures[code];
  const raw = String(e?.message ?? err);
  const detail = raw.replaceAll(url.password ? url.password : "\u0000", "***");
  const options = detail === raw ? { cause: err } : undefined;
  // postgres.js drops a connection to a server of the wrong kind (a primary for "standby", say)
  // and, with one host, has no other to try: say so rather than "lost the connection".
  const attrs = url.params.target_session_attrs;
  if (code === "CONNECTION_DESTROYED" && attrs !== undefined && attrs !== "any") {
    return new ConnectionError("wrong-server", target, `the server does not satisfy target_session_attrs=${attrs}`, options);
  }
  if (failure) return new ConnectionError(failure, target, detail, options);
  return new ServerError(detail, code || undefined, options);
}

/** Runs `fn` with a fresh connection pool and always closes it, also when `fn` throws. */
export async function withConnection<T>(url: DatabaseUrl, opts: ConnectOptions, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = openConnection(url, opts);
  try {
    return await fn(sql);
  } catch (err) {
    throw classifyError(err, url);
  } finally {
    await closeConnection(sql);
  }
}

/**
 * Sends Terminate and ends the connections without waiting for queries still running. This waits
 * for the server to hang up, or for the next turn of the timers, whichever comes first: 1–2 ms.
 * A pool opened with `awaitHangUp: false` does not wait at all: postgres.js writes the Terminate
 * message a microtask later, before an exiting process gets to exit. Were it lost, the server
 * would see the socket close on an idle session, which it does not log.
 */
export async function closeConnection(sql: Sql): Promise<void> {
  firstSockets.get(sql)?.dropUnused();
  const ending = sql.end({ timeout: 0 }).catch(() => undefined);
  if (!leftOnClose.has(sql)) await ending;
}

/**
 * Runs a query that returns exactly one row and returns it. The query is handed to the driver at
 * once (`execute`), so queries made after this call are sent after it.
 */
export async function queryRow<T extends object>(sql: Sql | TransactionSql, text: string, params: readonly postgres.ParameterOrJSON<never>[] = []): Promise<T> {
  const rows = await sql.unsafe<T[]>(text, params as never[]).execute();
  const row = rows[0];
  if (row === undefined) throw new Error(`Expected one row from: ${text}`);
  return row;
}

/**
 * Whether statements may share a Query message on `sql`'s server (see `query-batch.ts`): from
 * PostgreSQL 13, which times each statement of such a message on its own. Asked once the pool has
 * connected, when the server has said its version; a server that has not said is sent one
 * statement per message.
 */
export function statementsShareQueries(sql: Sql): boolean {
  const major = Number.parseInt(String(sql.parameters.server_version ?? ""), 10);
  return major >= 13;
}
