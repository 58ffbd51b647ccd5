/** `retort branches`: revisions with more than one child, and where they lead. */
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject } from "../project/project.ts";

export interface BranchPoint {
  readonly revision: RevisionInfo;
  readonly children: readonly RevisionInfo[];
}

/** Lists the branch points, newest first (as Alembic's `branches`). */
export async function branches(ctx: Context): Promise<{ readonly branches: readonly BranchPoint[] }> {
  const project = await loadProject(ctx);
  const { graph } = project;
  const points = graph.revisions.filter((r) => graph.isBranchPoint(r.id)).reverse();
  return {
    branches: points.map((r) => ({
      revision: describeRevision(project, r.id),
      children: graph.childrenOf(r.id).map((c) => describeRevision(project, c)),
    })),
  };
}
