/** Writing a new revision file on top of given parents, validated against the graph first (revision, merge). */
import { mkdir } from "node:fs/promises";
import { RevisionGraph } from "../core/graph.ts";
import type { Revision } from "../core/revision.ts";
import { generateRevisionId, renderFileName, renderSqlRevision, renderTsRevision, slugify, validateRevisionId, writeRevisionFile } from "../scripts/new-revision.ts";
import type { Context } from "./context.ts";
import type { Project } from "./project.ts";

/** What a new revision file says besides its parents. */
export interface NewRevisionOptions {
  readonly message: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** Write a TypeScript revision instead of SQL. */
  readonly ts?: boolean;
  /** Write into this versions directory instead of the first version location. */
  readonly versionPath?: string;
}

/** A revision file written. */
export interface WrittenRevision {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly path: string;
}

/** Writes the file; the graph including the new revision is validated before anything is written. */
export async function writeRevision(
  ctx: Context,
  project: Project,
  downRevisions: readonly string[],
  opts: NewRevisionOptions,
  sections: { readonly upgradeSql?: string; readonly downgradeSql?: string } = {},
): Promise<WrittenRevision> {
  const { graph } = project;
  const id = opts.revId === undefined ? freshId(graph) : validateRevisionId(opts.revId);
  const dependsOn = (opts.dependsOn ?? []).map((d) => (graph.labelled(d) !== undefined ? d : graph.resolve(d)));
  const dir = opts.versionPath ?? ctx.config.versionLocations[0]!;
  const ext = opts.ts ? "ts" : "sql";
  const now = ctx.now();
  const fileName = `${renderFileName(ctx.config.fileTemplate, { rev: id, slug: slugify(opts.message), createDate: now })}.${ext}`;
  const candidate: Revision = {
    id,
    downRevisions,
    branchLabels: opts.branchLabels ?? [],
    dependsOn,
    message: opts.message,
    source: `${dir}/${fileName}`,
  };
  // Duplicate ids, reused labels and missing dependencies are caught exactly as on load.
  RevisionGraph.from([...graph.revisions, candidate]);
  const spec = { ...candidate, createDate: now, transaction: true, ...sections };
  const content = opts.ts ? renderTsRevision(spec) : renderSqlRevision(spec);
  await mkdir(dir, { recursive: true });
  const path = await writeRevisionFile(dir, fileName, content);
  return { revision: id, downRevisions, path };
}

function freshId(graph: RevisionGraph): string {
  for (;;) {
    const id = generateRevisionId();
    if (!graph.has(id)) return id;
  }
}
