/**
 * The start-up message to DATABASE_URL's server, sent before the command line, the configuration
 * and the project are loaded (db/presented-connection.ts): the server starts the run's backend and
 * authenticates meanwhile; for a command that writes, the migration lock's connection's message
 * follows once the server has answered the first. Only for a command line that connects there first (first-connection.ts),
 * under Bun, and for a URL without TLS: the message goes out as the run's first connection would
 * send it, with the same name (APPLICATION_NAME). DATABASE_URL is the environment's, else the
 * working directory's .env's when that is the .env the run reads: the two that win over
 * retort.toml.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../config/database-url.ts";
import { parseEnvFile } from "../config/env-file.ts";
import { bunGlobal } from "../config/runtime.ts";
import { presentStartup, type PresentedStartup } from "../db/presented-connection.ts";
import { APPLICATION_NAME, lockApplicationName, serverAddress, startupMessage, usesTls } from "../db/startup.ts";
import { locksAfterConnecting, readsWorkingDirectoryDotenv } from "./first-connection.ts";

/**
 * How long loading waits for the connection to open. On one machine or a network it opens in well
 * under a millisecond, and the message must go out before loading holds the event loop; a server
 * that does not answer costs no more than this.
 */
const OPEN_WAIT_MS = 25;

/** Sends the start-up message of DATABASE_URL when it can; never fails (the run reports a bad URL or .env itself). */
export async function presentStartupEarly(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<PresentedStartup | undefined> {
  const connect = bunGlobal()?.connect;
  if (connect === undefined) return undefined;
  let url;
  try {
    const text = env.DATABASE_URL ?? (readsWorkingDirectoryDotenv(argv) ? dotenvUrl(cwd) : undefined);
    if (text === undefined) return undefined;
    url = parseDatabaseUrl(text, "DATABASE_URL");
  } catch {
    return undefined;
  }
  if (url.embedded !== undefined || usesTls(url)) return undefined;
  const message = startupMessage(url, APPLICATION_NAME);
  if (message === undefined) return undefined;
  const lock = locksAfterConnecting(argv) ? startupMessage(url, lockApplicationName(APPLICATION_NAME)) : undefined;
  return presentStartup(connect, serverAddress(url), message, OPEN_WAIT_MS, lock);
}

/** DATABASE_URL of the .env in `cwd`; undefined without one that can be read. Throws on one that does not parse. */
function dotenvUrl(cwd: string): string | undefined {
  const path = join(cwd, ".env");
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  return parseEnvFile(text, path).get("DATABASE_URL");
}
