/** `retort rehash [rev…]`: accept the current content of applied revisions whose files changed. */
import { bookkeepingSegment } from "../core/segments.ts";
import { readVersionState } from "../db/read-state.ts";
import { runSegment } from "../db/run-segment.ts";
import { findChangedRevisions, type ChangedRevision } from "../project/checksums.ts";
import type { Context } from "../project/context.ts";
import { versionTableOf, withMigrationSession } from "../project/database.ts";
import { loadProject } from "../project/project.ts";
import { segmentRunOptions } from "../project/run-plan.ts";
import { RevisionNotChangedError } from "./errors.ts";

/** A half-done `transaction: false` revision whose recorded progress was forgotten. */
export interface ForgottenProgress {
  readonly revision: string;
  readonly file: string;
  /** How many committed statements were recorded. */
  readonly statements: number;
}

export interface RehashResult {
  readonly accepted: readonly ChangedRevision[];
  readonly forgotten: readonly ForgottenProgress[];
}

/**
 * Records the current checksum of each changed applied revision (all of them, or those named),
 * so `upgrade` stops refusing. The revisions are not run again: that is the point. A named
 * revision that a run left half done also has its recorded statements forgotten (its new row
 * closes them), so the next run starts it from its first statement: for when they were undone
 * by hand.
 */
export async function rehash(ctx: Context, opts: { readonly revisions: readonly string[]; readonly noLock?: boolean }): Promise<RehashResult> {
  const project = await loadProject(ctx);
  const wanted = new Set(opts.revisions.map((r) => project.graph.resolve(r)));
  const table = versionTableOf(ctx);
  return withMigrationSession(ctx, { noLock: opts.noLock === true }, async (session) => {
    await session.lock();
    const state = await readVersionState(session.sql, table, await session.tablesNow());
    const changed = findChangedRevisions(await state.checksums.all(), project, state.heads);
    const accepted = wanted.size === 0 ? changed : changed.filter((c) => wanted.has(c.revision));
    const forgotten = [...wanted].flatMap((id) => {
      const partial = state.partial.get(id);
      return partial ? [{ revision: id, file: project.fileOf(id).path, statements: partial.committed.length }] : [];
    });
    for (const id of wanted) {
      if (!changed.some((c) => c.revision === id) && !state.partial.has(id)) throw new RevisionNotChangedError(id);
    }
    // Only a history row per revision: the version table stays as it is.
    const rows = new Map(accepted.map((c) => [c.revision, c.current] as const));
    for (const f of forgotten) if (!rows.has(f.revision)) rows.set(f.revision, project.fileOf(f.revision).checksum);
    const history = [...rows].map(([revision, checksum]) => ({ revision, direction: "rehash" as const, message: project.fileOf(revision).revision.message, checksum }));
    await runSegment(session.sql, bookkeepingSegment({ tablesExist: true, versionChanges: [], history }), segmentRunOptions(ctx, () => session.checkpoint()));
    return { accepted, forgotten };
  });
}
