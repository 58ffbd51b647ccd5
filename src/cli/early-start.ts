/**
 * The start-up message to DATABASE_URL's server, sent before the command line, the configuration
 * and the project are loaded (db/presented-connection.ts): the server starts the run's backend and
 * authenticates meanwhile. Only for a command line that connects there first (first-connection.ts),
 * under Bun, and for a URL without TLS: the message goes out as the run's first connection would
 * send it, with the same name (APPLICATION_NAME).
 */
import { parseDatabaseUrl } from "../config/database-url.ts";
import { bunGlobal } from "../config/runtime.ts";
import { presentStartup, type PresentedStartup } from "../db/presented-connection.ts";
import { APPLICATION_NAME, serverAddress, sslmodeOf, startupMessage } from "../db/startup.ts";

/**
 * How long loading waits for the connection to open. On one machine or a network it opens in well
 * under a millisecond, and the message must go out before loading holds the event loop; a server
 * that does not answer costs no more than this.
 */
const OPEN_WAIT_MS = 25;

/** Sends the start-up message of `env`'s DATABASE_URL when it can; never fails (the run reports a bad URL itself). */
export async function presentStartupEarly(env: Readonly<Record<string, string | undefined>>): Promise<PresentedStartup | undefined> {
  const connect = bunGlobal()?.connect;
  const text = env.DATABASE_URL;
  if (connect === undefined || text === undefined) return undefined;
  let url;
  try {
    url = parseDatabaseUrl(text, "environment variable DATABASE_URL");
  } catch {
    return undefined;
  }
  if (url.embedded !== undefined || sslmodeOf(url) !== "disable") return undefined;
  const message = startupMessage(url, APPLICATION_NAME);
  return message === undefined ? undefined : presentStartup(connect, serverAddress(url), message, OPEN_WAIT_MS);
}
