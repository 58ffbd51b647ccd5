/** The offline script of `upgrade [a:]b --sql` and `downgrade b:a --sql`. */
import { planOffline } from "../core/offline.ts";
import type { Context } from "./context.ts";
import { renderMigrationScript } from "./offline-script.ts";
import { loadProject } from "./project.ts";

/** The offline script of `upgrade [a:]b --sql` / `downgrade b:a --sql`; no database is touched. */
export async function migrateScript(ctx: Context, opts: { readonly direction: "upgrade" | "downgrade"; readonly range: string }): Promise<string> {
  const project = await loadProject(ctx);
  const plan = planOffline(project.graph, opts.range, opts.direction);
  return renderMigrationScript(ctx, project, plan, `${opts.direction} ${opts.range}`);
}
