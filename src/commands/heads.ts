/** `retort heads`: the revisions nothing is based on yet. */
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { listProjectFiles } from "../project/project.ts";
import { openSummarisedProject } from "../project/summary.ts";

/**
 * Lists the script heads in the files' order, as Alembic's `heads` lists them. Files an earlier
 * run summarised (and so a project that loads) are described from the summary, unread.
 */
export async function heads(ctx: Context): Promise<{ readonly heads: readonly RevisionInfo[] }> {
  const listing = listProjectFiles(ctx);
  const files = await openSummarisedProject(ctx, listing);
  if (files.found) {
    // A head's path is its file's place in the listing, which is the order the project lists them in.
    const place = new Map(listing.paths.map((path, i) => [path, i]));
    return { heads: [...files.found.described].sort((a, b) => place.get(a.path)! - place.get(b.path)!) };
  }
  const project = await files.load();
  return { heads: project.graph.sortByListing(project.graph.heads).map((id) => describeRevision(project, id)) };
}
