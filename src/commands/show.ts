/** `retort show <rev>`: everything about one revision (or each of `heads`). */
import { resolveTargetRevisions } from "../core/target.ts";
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject } from "../project/project.ts";

/** Describes the revisions a target names: an id, a prefix, a label, `head`, `heads`, `base`… */
export async function show(ctx: Context, opts: { readonly revision: string }): Promise<{ readonly revisions: readonly RevisionInfo[] }> {
  const project = await loadProject(ctx);
  const ids = resolveTargetRevisions(project.graph, [], opts.revision);
  return { revisions: ids.map((id) => describeRevision(project, id)) };
}
