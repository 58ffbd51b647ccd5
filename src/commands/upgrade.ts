/** `retort upgrade [target]`: apply revisions up to the target (default `head`). */
import type { Context } from "./context.ts";
import { migrate, type MigrateResult } from "./migrate.ts";

/** Upgrades the database to `target`. */
export function upgrade(ctx: Context, opts: { readonly target: string; readonly noLock?: boolean }): Promise<MigrateResult> {
  return migrate(ctx, { ...opts, direction: "upgrade" });
}
