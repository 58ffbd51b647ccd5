/** Waiting until the server accepts connections (`retort wait`, `upgrade --wait`). */
import type { DatabaseUrl } from "../config/database-url.ts";
import { withConnection, type ConnectOptions } from "./connect.ts";
import { ConnectionError, ServerWaitTimeoutError } from "./errors.ts";

/** Failures that a server still starting up (or not yet reachable) produces. */
const transient: ReadonlySet<string> = new Set(["refused", "timeout", "unknown-host", "lost"]);

/**
 * Tries to connect until it works or `timeoutMs` passes; returns the attempts it took. Errors
 * that waiting cannot fix (a wrong password, a missing database) are thrown at once.
 */
export async function waitForServer(
  url: DatabaseUrl,
  opts: ConnectOptions & { readonly timeoutMs: number; readonly timeoutOption: string; readonly clock: () => number; readonly onRetry: (attempt: number, error: ConnectionError) => void; readonly signal: AbortSignal | undefined },
): Promise<number> {
  const deadline = opts.clock() + opts.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await withConnection(url, { ...opts, connectTimeout: Math.max(1, Math.ceil((deadline - opts.clock()) / 1000)) }, async (sql) => {
        await sql.unsafe("select 1");
      });
      return attempt;
    } catch (err) {
      if (!(err instanceof ConnectionError) || !transient.has(err.failure)) throw err;
      if (opts.clock() >= deadline || opts.signal?.aborted) throw new ServerWaitTimeoutError(err, attempt, opts.timeoutMs, opts.timeoutOption, { cause: err });
      opts.onRetry(attempt, err);
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - opts.clock()))));
    }
  }
}
