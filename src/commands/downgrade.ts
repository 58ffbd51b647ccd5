/** `retort downgrade <target>`: revert revisions down to the target (`-1`, a revision, `base`). */
import type { Context } from "./context.ts";
import { migrate, type MigrateResult } from "./migrate.ts";

/** Downgrades the database to `target`. */
export function downgrade(ctx: Context, opts: { readonly target: string; readonly noLock?: boolean }): Promise<MigrateResult> {
  return migrate(ctx, { ...opts, direction: "downgrade" });
}
