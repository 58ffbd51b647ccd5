/** `retort revision -m …`: write a new revision file on top of a head (Alembic's rules). */
import { mkdir } from "node:fs/promises";
import { NotAHeadError } from "./errors.ts";
import { RevisionGraph } from "../core/graph.ts";
import type { Revision } from "../core/revision.ts";
import { resolveTargetRevisions } from "../core/target.ts";
import {
  generateRevisionId,
  renderFileName,
  renderSqlRevision,
  renderTsRevision,
  slugify,
  validateRevisionId,
  writeRevisionFile,
} from "../scripts/new-revision.ts";
import type { Context } from "./context.ts";
import { loadProject, type Project } from "./project.ts";
import { mergeParents } from "../core/merge.ts";
import { UsageError } from "../core/errors.ts";
import type { DiffStep } from "../core/diff/diff.ts";


export interface RevisionOptions {
  readonly message: string;
  /** What the new revision sits on: `head` (default), `base` for a new root, a revision or `label@head`. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head (starting a new branch from it). */
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** Write a TypeScript revision instead of SQL. */
  readonly ts?: boolean;
  /** Write into this versions directory instead of the first version location. */
  readonly versionPath?: string;
  /** Fill the sections with the diff from the revisions to the schema files. */
  readonly autogenerate?: boolean;
}

export interface RevisionResult {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly path: string;
  /** With --autogenerate: the generated upgrade steps (their warnings are in the file too). */
  readonly steps?: readonly DiffStep[];
}

/** `revision --autogenerate` found the schema files and the revisions in agreement: nothing was written. */
export interface NoChangesResult {
  readonly revision: null;
  readonly downRevisions: readonly string[];
  readonly path: null;
  readonly steps: readonly DiffStep[];
}

/** Creates the file; the graph including the new revision is validated before anything is written. */
export async function revision(ctx: Context, opts: RevisionOptions): Promise<RevisionResult | NoChangesResult> {
  const project = await loadProject(ctx);
  const parents = parentsFor(project.graph, opts.head ?? "head", opts.splice === true);
  if (!opts.autogenerate) return writeRevision(ctx, project, parents, opts);
  if (opts.ts) throw new UsageError("--autogenerate writes SQL revisions, not TypeScript ones", "Leave out --ts", "autogenerate-ts");
  // Upgrade: from the schema the parents leave to the schema files; downgrade: back again. The
  // diff machinery is loaded only here: a plain `revision` does not need the driver.
  const [{ diffModels }, { withScratch }, { readSchemaFiles }] = await Promise.all([import("./schema-diff.ts"), import("./schema-source.ts"), import("./schema-files.ts")]);
  const files = readSchemaFiles(ctx.config.schema, ctx.config.projectDir);
  const { up, down } = await withScratch(ctx, async (scratch) => {
    const before = await scratch.migrationsAt(parents);
    const after = await scratch.files(files);
    return { up: diffModels(before, after), down: diffModels(after, before) };
  }, project);
  if (up.steps.length === 0) return { revision: null, downRevisions: parents, path: null, steps: [] };
  const written = await writeRevision(ctx, project, parents, opts, { upgradeSql: up.sql, downgradeSql: down.sql });
  return { ...written, steps: up.steps };
}

/** `retort merge <rev>… -m`: a new revision whose parents are the given heads (`heads` for all). */
export async function merge(ctx: Context, opts: { readonly revisions: readonly string[]; readonly message: string; readonly branchLabels?: readonly string[]; readonly revId?: string }): Promise<RevisionResult> {
  const project = await loadProject(ctx);
  const parents = mergeParents(project.graph, opts.revisions);
  return writeRevision(ctx, project, parents, { message: opts.message, branchLabels: opts.branchLabels ?? [], ...(opts.revId !== undefined ? { revId: opts.revId } : {}) });
}

async function writeRevision(
  ctx: Context,
  project: Project,
  downRevisions: readonly string[],
  opts: Omit<RevisionOptions, "head" | "splice">,
  sections: { readonly upgradeSql?: string; readonly downgradeSql?: string } = {},
): Promise<RevisionResult> {
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

function parentsFor(graph: RevisionGraph, head: string, splice: boolean): readonly string[] {
  if (head === "base" || graph.size === 0) return [];
  const ids = resolveTargetRevisions(graph, [], head);
  for (const id of ids) if (!splice && !graph.isHead(id)) throw new NotAHeadError(id);
  return ids;
}

function freshId(graph: RevisionGraph): string {
  for (;;) {
    const id = generateRevisionId();
    if (!graph.has(id)) return id;
  }
}
