/**
 * The project summary (scripts/project-summary.ts) as the commands use it: opened for a listing
 * of SQL revisions, and made from a loaded project, with each head described as `current` and
 * `heads` describe it.
 */
import { openProjectSummary, type ProjectSummary, type SummaryContents } from "../scripts/project-summary.ts";
import { statListed, type RevisionListing } from "../scripts/revision-files.ts";
import { digestOfEveryRevision } from "./checksums.ts";
import type { Context } from "./context.ts";
import { describeRevision, type RevisionInfo } from "./describe.ts";
import { loadProject, reportIgnoredFiles, type Project } from "./project.ts";

/** A summary whose heads are described with neither the database's rows nor its history. */
export type Summary = ProjectSummary<RevisionInfo>;

/** A listing's project, for a command that answers from the summary when it can. */
export interface SummarisedProject {
  /**
   * The summary an earlier run stored for exactly these files (which therefore load); their
   * ignored files have then been reported, as loading them would.
   */
  readonly found: Summary | undefined;
  /** Every revision's checksum, stored with the summary found (see SummaryStore.checksums). */
  checksums(): ReadonlyMap<string, string> | undefined;
  /** Reads the files, as loadProject does, and stores their summary for the next run. */
  load(): Promise<Project>;
}

/**
 * Stats the listed files and opens their summary. There is none without a cache directory, with
 * TypeScript revisions (whose headers come from running code the fingerprint does not cover), or
 * when the caller has no use for one (`useSummary` false): `load` then reads the files as usual.
 */
export async function openSummarisedProject(ctx: Context, listing: RevisionListing, useSummary = true): Promise<SummarisedProject> {
  const cacheDir = ctx.config.cacheDir;
  const usable = useSummary && cacheDir !== undefined && !listing.typescript;
  const stats = usable ? await statListed(listing) : undefined;
  const store = usable ? openProjectSummary<RevisionInfo>(cacheDir, listing, stats!, ctx.version, () => ctx.now().getTime()) : undefined;
  const found = store?.found;
  if (found) reportIgnoredFiles(ctx, listing);
  return {
    found,
    checksums: () => store?.checksums(),
    async load() {
      const project = await loadProject(ctx, listing, { stats, ignoredReported: found !== undefined });
      store?.save(() => summaryOf(project));
      return project;
    },
  };
}

/** The summary of a loaded project: its heads, described, the digest of all its checksums, and each one. */
function summaryOf(project: Project): SummaryContents<RevisionInfo> {
  const { heads, size, revisions } = project.graph;
  return {
    heads,
    described: heads.map((id) => describeRevision(project, id)),
    count: size,
    digest: digestOfEveryRevision(project),
    checksums: new Map(revisions.map(({ id }) => [id, project.fileOf(id).checksum])),
  };
}
