/** `retort revision -m …`: write a new revision file on top of a head (Alembic's rules). */
import type { DiffStep } from "../core/diff/diff.ts";
import type { RevisionGraph } from "../core/graph.ts";
import { resolveTargetRevisions } from "../core/target.ts";
import type { Context } from "../project/context.ts";
import type { PlacedFinding } from "../project/lint.ts";
import { loadProject } from "../project/project.ts";
import { writeRevision, writeRevisions, type NewRevisionOptions, type RevisionToWrite, type WrittenRevision } from "../project/revision-writer.ts";
import { AutogenerateTypeScriptError, NotAHeadError } from "./errors.ts";

export interface RevisionOptions extends NewRevisionOptions {
  /** What the new revision sits on: `head` (default), `base` for a new root, a revision or `label@head`. */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head (starting a new branch from it). */
  readonly splice?: boolean;
  /** Fill the sections with the diff from the revisions to the schema files. */
  readonly autogenerate?: boolean;
  /**
   * With autogenerate: write the online-safe form for tables that already exist (default true):
   * concurrent indexes, NOT VALID + VALIDATE, NOT NULL through a validated check, in a second,
   * `transaction: false` revision. False writes the plain form in one revision (`--no-online`).
   */
  readonly online?: boolean;
}

export interface RevisionResult extends WrittenRevision {
  /** With --autogenerate: the generated upgrade steps of every revision written (their warnings are in the files too). */
  readonly steps?: readonly DiffStep[];
  /**
   * Every revision written, in order: one, or with the online form a transactional revision and
   * the `transaction: false` one on top of it. The fields above describe the first.
   */
  readonly revisions: readonly WrittenRevision[];
  /** With --autogenerate: the lint's findings on what was written, linted as the next deploy will run it. */
  readonly lint?: readonly PlacedFinding[];
}

/** `revision --autogenerate` found the schema files and the revisions in agreement: nothing was written. */
export interface NoChangesResult {
  readonly revision: null;
  readonly downRevisions: readonly string[];
  readonly path: null;
  readonly steps: readonly DiffStep[];
  readonly revisions: readonly [];
}

/** Creates the file; the graph including the new revision is validated before anything is written. */
export async function revision(ctx: Context, opts: RevisionOptions): Promise<RevisionResult | NoChangesResult> {
  const project = await loadProject(ctx);
  const parents = parentsFor(project.graph, opts.head ?? "head", opts.splice === true);
  if (!opts.autogenerate) {
    const written = await writeRevision(ctx, project, parents, opts);
    return { ...written, revisions: [written] };
  }
  if (opts.ts) throw new AutogenerateTypeScriptError();
  // Upgrade: from the schema the parents leave to the schema files; downgrade: back again. The
  // diff machinery is loaded only here: a plain `revision` does not need the driver.
  const [{ bookkeepingTables, revisionDiffs }, { withScratch }, { readSchemaFiles }] = await Promise.all([import("../project/schema-diff.ts"), import("../project/schema-source.ts"), import("../project/schema-files.ts")]);
  const files = readSchemaFiles(ctx.config.schema, ctx.config.projectDir);
  const { transactional, online } = await withScratch(ctx, async (scratch) => {
    const before = await scratch.migrationsAt(parents);
    const after = await scratch.files(files);
    return revisionDiffs(before, after, bookkeepingTables(ctx), opts.online !== false);
  }, project);
  const chain: RevisionToWrite[] = [];
  if (transactional.up.steps.length > 0) chain.push({ opts, sections: { upgradeSql: transactional.up.sql, downgradeSql: transactional.down.sql } });
  if (online !== null) {
    // The online part carries the message alone when it is all there is; labels, dependencies and --rev-id go to the first file.
    const onlineOpts = chain.length === 0 ? opts : { message: `${opts.message} (online part)`, ...(opts.versionPath !== undefined ? { versionPath: opts.versionPath } : {}) };
    chain.push({ opts: onlineOpts, sections: { upgradeSql: online.up.sql, downgradeSql: online.down.sql, transaction: false } });
  }
  if (chain.length === 0) return { revision: null, downRevisions: parents, path: null, steps: [], revisions: [] };
  const written = await writeRevisions(ctx, project, parents, chain);
  const lint = await lintWritten(ctx, parents, written.map((w) => w.revision));
  return { ...written[0]!, steps: [...transactional.up.steps, ...(online?.up.steps ?? [])], revisions: written, lint };
}

/** The written revisions linted as one deploy on top of their parents (with the database's sizes when one is reachable). */
async function lintWritten(ctx: Context, parents: readonly string[], ids: readonly string[]): Promise<readonly PlacedFinding[]> {
  const { lintRevisions, openLintSession } = await import("../project/lint.ts");
  const project = await loadProject(ctx);
  const session = await openLintSession(ctx, { database: "optional" });
  const before = project.graph.sortTopologically(project.graph.ancestors(parents));
  return lintRevisions(project, session, { ids, mode: "one-run", before }).findings;
}

function parentsFor(graph: RevisionGraph, head: string, splice: boolean): readonly string[] {
  if (head === "base" || graph.size === 0) return [];
  const ids = resolveTargetRevisions(graph, [], head);
  for (const id of ids) if (!splice && !graph.isHead(id)) throw new NotAHeadError(id);
  return ids;
}
