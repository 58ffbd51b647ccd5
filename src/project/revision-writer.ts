/** Writing a new revision file on top of given parents, validated against the graph first (revision, merge). */
import { mkdir } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { RevisionGraph } from "../core/graph.ts";
import type { Revision } from "../core/revision.ts";
import { generateRevisionId, renderFileName, renderSqlRevision, renderTsRevision, slugify, validateRevisionId, writeRevisionFile } from "../scripts/new-revision.ts";
import type { Context } from "./context.ts";
import { VersionPathNotConfiguredError } from "./errors.ts";
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
  /** False for a revision that runs outside a transaction, one statement at a time. */
  readonly transaction: boolean;
}

/** The sections of a new SQL revision, and whether it runs in a transaction (default true). */
export interface RevisionSections {
  readonly upgradeSql?: string;
  readonly downgradeSql?: string;
  readonly transaction?: boolean;
}

/** One revision of a chain to write: what it says and its sections. */
export interface RevisionToWrite {
  readonly opts: NewRevisionOptions;
  readonly sections?: RevisionSections;
}

/** Writes the file; the graph including the new revision is validated before anything is written. */
export async function writeRevision(
  ctx: Context,
  project: Pick<Project, "graph">,
  downRevisions: readonly string[],
  opts: NewRevisionOptions,
  sections: RevisionSections = {},
): Promise<WrittenRevision> {
  const [written] = await writeRevisions(ctx, project, downRevisions, [{ opts, sections }]);
  return written!;
}

/**
 * Writes revisions one after the other, the first on `downRevisions` and each next on the one
 * before it. The graph including all of them is validated before any file is written.
 */
export async function writeRevisions(
  ctx: Context,
  project: Pick<Project, "graph">,
  downRevisions: readonly string[],
  chain: readonly RevisionToWrite[],
): Promise<WrittenRevision[]> {
  const now = ctx.now();
  let graph = project.graph;
  let parents = downRevisions;
  const planned: { dir: string; fileName: string; content: string; revision: Revision; transaction: boolean }[] = [];
  for (const { opts, sections = {} } of chain) {
    const id = opts.revId === undefined ? freshId(graph) : validateRevisionId(opts.revId);
    const dependsOn = (opts.dependsOn ?? []).map((d) => (graph.labelled(d) !== undefined ? d : graph.resolve(d)));
    const dir = opts.versionPath === undefined ? ctx.config.versionLocations[0]! : configuredVersionPath(ctx, opts.versionPath);
    const ext = opts.ts ? "ts" : "sql";
    const fileName = `${renderFileName(ctx.config.fileTemplate, { rev: id, slug: slugify(opts.message), createDate: now })}.${ext}`;
    const candidate: Revision = {
      id,
      downRevisions: parents,
      branchLabels: opts.branchLabels ?? [],
      dependsOn,
      message: opts.message,
      source: `${dir}/${fileName}`,
    };
    // Duplicate ids, reused labels and missing dependencies are caught exactly as on load.
    graph = RevisionGraph.from([...graph.revisions, candidate]);
    const transaction = sections.transaction ?? true;
    const spec = { ...candidate, createDate: now, transaction, upgradeSql: sections.upgradeSql, downgradeSql: sections.downgradeSql };
    const content = opts.ts ? renderTsRevision(spec) : renderSqlRevision(spec);
    planned.push({ dir, fileName, content, revision: candidate, transaction });
    parents = [id];
  }
  const written: WrittenRevision[] = [];
  for (const p of planned) {
    await mkdir(p.dir, { recursive: true });
    const path = await writeRevisionFile(p.dir, p.fileName, p.content);
    written.push({ revision: p.revision.id, downRevisions: p.revision.downRevisions, path, transaction: p.transaction });
  }
  return written;
}

/**
 * `--version-path` as one of the version locations. A revision written anywhere else would be
 * invisible to every other command, so it is refused, as Alembic refuses it.
 */
function configuredVersionPath(ctx: Context, versionPath: string): string {
  const wanted = resolve(ctx.config.projectDir, versionPath);
  const found = ctx.config.versionLocations.find((l) => resolve(l) === wanted);
  if (found === undefined) {
    const shown = ctx.config.versionLocations.map((l) => relative(ctx.config.projectDir, l) || l);
    throw new VersionPathNotConfiguredError(versionPath, shown);
  }
  return found;
}

function freshId(graph: RevisionGraph): string {
  for (;;) {
    const id = generateRevisionId();
    if (!graph.has(id)) return id;
  }
}
