/** `retort heads`: the revisions nothing is based on yet. */
import type { Context } from "../project/context.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject, reportIgnoredFiles } from "../project/project.ts";
import { summarisedFiles, summaryOf } from "../project/summary.ts";
import { listRevisionFiles } from "../scripts/revision-files.ts";

/**
 * Lists the script heads in the files' order, as Alembic's `heads` lists them. Files an earlier
 * run summarised (and so a project that loads) are described from the summary, unread.
 */
export async function heads(ctx: Context): Promise<{ readonly heads: readonly RevisionInfo[] }> {
  const listing = listRevisionFiles(ctx.config.versionLocations);
  const summarised = await summarisedFiles(ctx, listing);
  const found = summarised?.summary.found;
  if (found) {
    reportIgnoredFiles(ctx, listing);
    // A head's path is its file's place in the listing, which is the order the project lists them in.
    const place = new Map(listing.paths.map((path, i) => [path, i]));
    return { heads: [...found.described].sort((a, b) => place.get(a.path)! - place.get(b.path)!) };
  }
  const project = await loadProject(ctx, listing, { stats: summarised?.stats });
  summarised?.summary.save(() => summaryOf(project));
  return { heads: project.graph.sortByListing(project.graph.heads).map((id) => describeRevision(project, id)) };
}
