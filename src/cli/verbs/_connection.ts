/** `--no-lock` and `--verbose` of the verbs that write to the database, and what `--verbose` says. */
import type { Context } from "../../project/context.ts";
import type { Invocation } from "../verb.ts";

/** The help of `--no-lock`. */
export const NO_LOCK_HELP = "do not take the migration lock (for transaction-pooling proxies such as pgbouncer)";

/** The help of `--verbose` on a verb that writes. */
export const VERBOSE_CONNECTION_HELP = "say which database it connects to and how it keeps other runs out";

/** With `--verbose`: which database the verb connects to, and how it keeps other runs out. */
export async function sayConnection(run: Invocation, ctx: Context, noLock: boolean): Promise<void> {
  const { connectionNotes } = await import("../../project/database.ts");
  for (const line of connectionNotes(ctx, noLock)) run.output().info(line);
}
