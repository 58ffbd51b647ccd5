/** `retort heads`: the revisions nothing is based on yet. */
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject } from "../project/project.ts";

/** Lists the script heads in the files' order, as Alembic's `heads` lists them. */
export async function heads(ctx: Context): Promise<{ readonly heads: readonly RevisionInfo[] }> {
  const project = await loadProject(ctx);
  return { heads: project.graph.sortByListing(project.graph.heads).map((id) => describeRevision(project, id)) };
}
