/** `retort branches`: revisions with more than one child, and where they lead. */
import { FULL_HISTORY, walkHistory } from "../core/history.ts";
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject } from "../project/project.ts";

export interface BranchPoint {
  readonly revision: RevisionInfo;
  readonly children: readonly RevisionInfo[];
}

/** Lists the branch points, newest first in history's order (as Alembic's `branches`). */
export async function branches(ctx: Context): Promise<{ readonly branches: readonly BranchPoint[] }> {
  const project = await loadProject(ctx);
  const { graph } = project;
  // Alembic's `branches` goes through walk_revisions: the same order as `history`.
  const points = walkHistory(graph, FULL_HISTORY, []).filter((e) => e.isBranchPoint).map((e) => e.revision);
  return {
    branches: points.map((r) => ({
      revision: describeRevision(project, r.id),
      children: graph.childrenOf(r.id).map((c) => describeRevision(project, c)),
    })),
  };
}
