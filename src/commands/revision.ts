/** `retort revision -m …`: write a new revision file on top of a head (Alembic's rules). */
import type { DiffStep } from "../core/diff/diff.ts";
import type { RevisionGraph } from "../core/graph.ts";
import { resolveTargetRevisions } from "../core/target.ts";
import type { Context } from "../project/context.ts";
import { loadProject } from "../project/project.ts";
import { writeRevision, type NewRevisionOptions, type WrittenRevision } from "../project/revision-writer.ts";
import { AutogenerateTypeScriptError, NotAHeadError } from "./errors.ts";

export interface RevisionOptions extends NewRevisionOptions {
  /** What the new revision sits on: `head` (default), `base` for a new root, a revision or `label@head`. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head (starting a new branch from it). */
  readonly splice?: boolean;
  /** Fill the sections with the diff from the revisions to the schema files. */
  readonly autogenerate?: boolean;
}

export interface RevisionResult extends WrittenRevision {
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
  if (opts.ts) throw new AutogenerateTypeScriptError();
  // Upgrade: from the schema the parents leave to the schema files; downgrade: back again. The
  // diff machinery is loaded only here: a plain `revision` does not need the driver.
  const [{ bookkeepingTables, diffModels }, { withScratch }, { readSchemaFiles }] = await Promise.all([import("../project/schema-diff.ts"), import("../project/schema-source.ts"), import("../project/schema-files.ts")]);
  const files = readSchemaFiles(ctx.config.schema, ctx.config.projectDir);
  const { up, down } = await withScratch(ctx, async (scratch) => {
    const before = await scratch.migrationsAt(parents);
    const after = await scratch.files(files);
    const bookkeeping = bookkeepingTables(ctx);
    return { up: diffModels(before, after, bookkeeping), down: diffModels(after, before, bookkeeping) };
  }, project);
  if (up.steps.length === 0) return { revision: null, downRevisions: parents, path: null, steps: [] };
  const written = await writeRevision(ctx, project, parents, opts, { upgradeSql: up.sql, downgradeSql: down.sql });
  return { ...written, steps: up.steps };
}

function parentsFor(graph: RevisionGraph, head: string, splice: boolean): readonly string[] {
  if (head === "base" || graph.size === 0) return [];
  const ids = resolveTargetRevisions(graph, [], head);
  for (const id of ids) if (!splice && !graph.isHead(id)) throw new NotAHeadError(id);
  return ids;
}
