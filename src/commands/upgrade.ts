/** `retort upgrade [target] [--sql]`: apply revisions up to the target (default `head`). */
import type { Context } from "../project/context.ts";
import { migrate, type MigrateResult } from "../project/migrate.ts";

export interface UpgradeOptions {
  /** `head`, `heads`, `+N`, a revision, `label@head`…; default `head`. */
  readonly target?: string;
  /** Skip the migration lock (transaction-pooling proxies). */
  readonly noLock?: boolean;
}

/** Upgrades the database to `target`. */
export function upgrade(ctx: Context, opts: UpgradeOptions = {}): Promise<MigrateResult> {
  return migrate(ctx, { direction: "upgrade", target: opts.target ?? "head", noLock: opts.noLock === true });
}

/** The offline script of `upgrade [a:]b --sql`; no database is touched. */
export async function upgradeScript(ctx: Context, opts: { readonly range: string }): Promise<string> {
  const { migrateScript } = await import("../project/migrate-script.ts");
  return migrateScript(ctx, { direction: "upgrade", range: opts.range });
}
