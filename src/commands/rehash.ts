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

export interface RehashResult {
  readonly accepted: readonly ChangedRevision[];
}

/**
 * Records the current checksum of each changed applied revision (all of them, or those named),
 * so `upgrade` stops refusing. The revisions are not run again: that is the point.
 */
export async function rehash(ctx: Context, opts: { readonly revisions: readonly string[]; readonly noLock?: boolean }): Promise<RehashResult> {
  const project = await loadProject(ctx);
  const wanted = new Set(opts.revisions.map((r) => project.graph.resolve(r)));
  const table = versionTableOf(ctx);
  return withMigrationSession(ctx, { noLock: opts.noLock === true }, async (session) => {
    await session.lock();
    const state = await readVersionState(session.sql, table, await session.tablesNow());
    const changed = findChangedRevisions(state.checksums, project, state.heads);
    const accepted = wanted.size === 0 ? changed : changed.filter((c) => wanted.has(c.revision));
    for (const id of wanted) {
      if (!changed.some((c) => c.revision === id)) throw new RevisionNotChangedError(id);
    }
    // Only a history row per accepted revision: the version table stays as it is.
    const history = accepted.map((c) => ({ revision: c.revision, direction: "rehash" as const, message: project.fileOf(c.revision).revision.message, checksum: c.current }));
    await runSegment(session.sql, bookkeepingSegment({ tablesExist: true, versionChanges: [], history }), segmentRunOptions(ctx, () => session.checkpoint()));
    return { accepted };
  });
}
