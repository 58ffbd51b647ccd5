/** `retort history [-r range] [--indicate-current]`: the revisions, newest first. */
import { FULL_HISTORY, parseHistoryRange, walkHistory } from "../core/history.ts";
import { readAppliedInfo } from "../db/history-table.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { versionTableOf, withDatabase } from "../project/database.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { loadProject } from "../project/project.ts";

export interface HistoryOptions {
  readonly range?: string;
  /** Read the version table to mark the current revisions (and resolve `current` in ranges). */
  readonly indicateCurrent?: boolean;
  /** With indicateCurrent: also read when, by whom and how fast each revision was applied. */
  readonly applied?: boolean;
}

export interface HistoryResult {
  readonly entries: readonly RevisionInfo[];
}

/** Lists the revisions in `range`; reads the database only when it has to. */
export async function history(ctx: Context, opts: HistoryOptions = {}): Promise<HistoryResult> {
  const project = await loadProject(ctx);
  const range = opts.range ? parseHistoryRange(opts.range) : FULL_HISTORY;
  const needsDb = opts.indicateCurrent === true || range.lower.kind === "current" || range.upper.kind === "current";
  const table = versionTableOf(ctx);
  const { rows, applied } = needsDb
    ? await withDatabase(ctx, async (sql) => ({
        rows: await readHeads(sql, table),
        applied: opts.indicateCurrent && opts.applied ? await readAppliedInfo(sql, table) : undefined,
      }))
    : { rows: [], applied: undefined };
  const marks = opts.indicateCurrent ? new Set(rows) : undefined;
  // History keeps the rows of revisions that were downgraded since: only what is applied counts.
  const appliedNow = project.graph.ancestors(rows);
  const appliedInfo = applied && new Map([...applied].filter(([id]) => appliedNow.has(id)));
  const entries = walkHistory(project.graph, range, rows).map((e) => describeRevision(project, e.revision.id, marks, appliedInfo));
  return { entries };
}
