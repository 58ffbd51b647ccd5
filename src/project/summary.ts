/**
 * The project summary (scripts/project-summary.ts) as the commands use it: opened for a listing
 * of SQL revisions, and made from a loaded project, with each head described as `current` and
 * `heads` describe it.
 */
import { openProjectSummary, type ProjectSummary, type SummaryStore } from "../scripts/project-summary.ts";
import { hasTypeScriptRevisions, statListed, type ListedStats, type RevisionListing } from "../scripts/revision-files.ts";
import { digestOfEveryRevision } from "./checksums.ts";
import type { Context } from "./context.ts";
import { describeRevision, type RevisionInfo } from "./describe.ts";
import type { Project } from "./project.ts";

/** A summary whose heads are described with neither the database's rows nor its history. */
export type Summary = ProjectSummary<RevisionInfo>;

/** The listed files' stats (for loadProject to read them with) and their summary. */
export interface SummarisedFiles {
  readonly stats: ListedStats;
  readonly summary: SummaryStore<RevisionInfo>;
}

/**
 * Stats the listed files and opens their summary; undefined without a cache directory, and for
 * TypeScript revisions, whose headers come from running code the fingerprint does not cover.
 */
export async function summarisedFiles(ctx: Context, listing: RevisionListing): Promise<SummarisedFiles | undefined> {
  const cacheDir = ctx.config.cacheDir;
  if (cacheDir === undefined || hasTypeScriptRevisions(listing)) return undefined;
  const stats = await statListed(listing);
  return { stats, summary: openProjectSummary<RevisionInfo>(cacheDir, listing, stats, ctx.version, () => ctx.now().getTime()) };
}

/** The summary of a loaded project: its heads, described, and the digest of all its checksums. */
export function summaryOf(project: Project): Summary {
  const { heads, size } = project.graph;
  return { heads, described: heads.map((id) => describeRevision(project, id)), count: size, digest: digestOfEveryRevision(project) };
}
