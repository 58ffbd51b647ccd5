/**
 * What a connection to a server URL says first, worked out from the URL alone: where it connects,
 * what it is told at start-up, and the start-up message as postgres.js writes it. connect.ts
 * builds every pool from these, and presented-connection.ts sends the message before the command
 * line is read; the two agree because they use the same functions.
 */
import { existsSync } from "node:fs";
import type { DatabaseUrl } from "../config/database-url.ts";
import { osUserName } from "../config/runtime.ts";

/** What retort's connections are named in pg_stat_activity, before any purpose (`retort (migration lock)`). */
export const APPLICATION_NAME = "retort";

/** What the connection that holds the migration lock is named, for a run whose connections are named `name`. */
export function lockApplicationName(name: string): string {
  return `${name} (migration lock)`;
}

/** Where a server listens: a host and port, or a unix socket's path. */
export type SocketTarget = { readonly host: string; readonly port: number } | { readonly path: string };

/** libpq looks here when a URL has no host; Debian uses the first, most others the second. */
const defaultSocketDirs: readonly string[] = ["/var/run/postgresql", "/tmp"];

function socketPath(dir: string, port: number): string {
  return `${dir}/.s.PGSQL.${port}`;
}

/** Where a server URL points: a host and port, or a unix socket (libpq's default directories when the URL names no host). */
export function serverAddress(url: DatabaseUrl): SocketTarget {
  let host: string | undefined = url.host;
  if (host === undefined) {
    const dir = defaultSocketDirs.find((d) => existsSync(socketPath(d, url.port)));
    if (dir) return { path: socketPath(dir, url.port) };
    host = "localhost";
  } else if (host.startsWith("/")) {
    return { path: socketPath(host, url.port) };
  }
  return { host, port: url.port };
}

/** `target` as Bun.connect takes it. */
export function bunAddress(target: SocketTarget): { readonly unix: string } | { readonly hostname: string; readonly port: number } {
  return "path" in target ? { unix: target.path } : { hostname: target.host, port: target.port };
}

/** Whether two targets are the same host and port, or the same unix socket. */
export function sameTarget(a: SocketTarget, b: SocketTarget): boolean {
  if ("path" in a || "path" in b) return "path" in a && "path" in b && a.path === b.path;
  return a.host === b.host && a.port === b.port;
}

/** The URL's sslmode; without one, no TLS (libpq's default, prefer, would try it first). */
export function sslmodeOf(url: DatabaseUrl): string {
  return url.params.sslmode || "disable";
}

/** Whether a connection to the URL asks for TLS: then it goes on node:net's sockets, and is never presented early. */
export function usesTls(url: DatabaseUrl): boolean {
  return sslmodeOf(url) !== "disable";
}

/**
 * Whom a URL without a user connects as: as with libpq, PGUSER (postgres.js reads it itself), else
 * the operating system's user (see osUserName).
 */
export function defaultUser(): { username?: string } {
  if (process.env.PGUSER !== undefined || process.env.PGUSERNAME !== undefined) return {};
  const name = osUserName();
  return name === undefined ? {} : { username: name };
}

/**
 * What the server is told at start-up: the connection's name and the URL's `options` (such as
 * `-c search_path=app`). Never client_encoding: postgres.js speaks UTF-8, and an entry here would
 * override that.
 */
export function startupParameters(url: DatabaseUrl, applicationName: string): Record<string, string> {
  const { options } = url.params;
  return { application_name: url.params.application_name ?? applicationName, ...(options !== undefined ? { options } : {}) };
}

/**
 * The start-up message a connection to `url` named `applicationName` begins with, byte for byte as
 * postgres.js 3.4 writes it from the options connect.ts gives it: protocol 3.0, then user,
 * database, client_encoding and startupParameters, each a name and a value ended by a zero byte,
 * and a zero byte after the last. Undefined when nobody knows whom to connect as (postgres.js
 * would then ask the runtime itself).
 */
export function startupMessage(url: DatabaseUrl, applicationName: string): Uint8Array | undefined {
  // postgres.js takes the first of these that is not empty.
  const user = url.user || defaultUser().username || process.env.PGUSERNAME || process.env.PGUSER;
  if (!user) return undefined;
  const fields = { user, database: url.database, client_encoding: "UTF8", ...startupParameters(url, applicationName) };
  const text = Object.entries(fields)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}\0${value}\0`)
    .join("");
  const body = new TextEncoder().encode(`${text}\0`);
  const message = new Uint8Array(8 + body.length);
  const view = new DataView(message.buffer);
  view.setInt32(0, message.length);
  view.setInt16(4, 3);
  message.set(body, 8);
  return message;
}
