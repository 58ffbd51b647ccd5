/** `retort downgrade <target> [--sql]`: revert revisions down to the target (`-1`, a revision, `base`). */
import type { Context } from "../project/context.ts";
import { migrate, type MigrateResult } from "../project/migrate.ts";

export interface DowngradeOptions {
  /** `-N`, a revision, `base`, `label@-1`… */
  readonly target: string;
  /** Skip the migration lock (transaction-pooling proxies). */
  readonly noLock?: boolean;
}

/** Downgrades the database to `target`. */
export function downgrade(ctx: Context, opts: DowngradeOptions): Promise<MigrateResult> {
  return migrate(ctx, { direction: "downgrade", target: opts.target, noLock: opts.noLock === true });
}

/** The offline script of `downgrade b:a --sql`; no database is touched. */
export async function downgradeScript(ctx: Context, opts: { readonly range: string }): Promise<string> {
  const { migrateScript } = await import("../project/migrate-script.ts");
  return migrateScript(ctx, { direction: "downgrade", range: opts.range });
}
