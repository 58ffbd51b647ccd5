/** `retort wait [--timeout 30s]`: block until the database server accepts connections. */
import { waitForServer } from "../db/wait.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, requireDatabaseUrl } from "../project/database.ts";

/** Waits for DATABASE_URL's server; returns how many attempts it took. */
export async function wait(ctx: Context, opts: { readonly timeoutMs: number; readonly timeoutOption: string }): Promise<{ readonly attempts: number; readonly database: string }> {
  const url = requireDatabaseUrl(ctx);
  let announced = false;
  const attempts = await waitForServer(url, {
    ...connectOptions(ctx),
    timeoutMs: opts.timeoutMs,
    timeoutOption: opts.timeoutOption,
    clock: ctx.clock,
    signal: ctx.signal,
    onRetry: (_attempt, err) => {
      if (announced) return;
      announced = true;
      ctx.report({ kind: "info", message: `Waiting for ${url.redacted} to accept connections (${err.failure}, up to ${opts.timeoutMs} ms)` });
    },
  });
  return { attempts, database: url.redacted };
}
