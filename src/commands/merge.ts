/** `retort merge <rev>… -m`: a new revision whose parents are the given heads. */
import { mergeParents } from "../core/merge.ts";
import type { Context } from "../project/context.ts";
import { loadProject } from "../project/project.ts";
import { writeRevision, type WrittenRevision } from "../project/revision-writer.ts";

/** `retort merge <rev>… -m`: a new revision whose parents are the given heads (`heads` for all). */
export async function merge(ctx: Context, opts: { readonly revisions: readonly string[]; readonly message: string; readonly branchLabels?: readonly string[]; readonly revId?: string }): Promise<WrittenRevision> {
  const project = await loadProject(ctx);
  const parents = mergeParents(project.graph, opts.revisions);
  return writeRevision(ctx, project, parents, { message: opts.message, branchLabels: opts.branchLabels ?? [], ...(opts.revId !== undefined ? { revId: opts.revId } : {}) });
}
