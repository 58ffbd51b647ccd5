/** `retort history [-r range] [--indicate-current]`: the revisions, newest first. */
import { FULL_HISTORY, parseHistoryRange, walkHistory } from "../core/history.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "./context.ts";
import { versionTableOf, withDatabase } from "./database.ts";
import { describeRevision, type RevisionInfo } from "./describe.ts";
import { loadProject } from "./project.ts";

export interface HistoryOptions {
  readonly range?: string;
  /** Read the version table to mark the current revisions (and resolve `current` in ranges). */
  readonly indicateCurrent?: boolean;
}

export interface HistoryResult {
  readonly entries: readonly RevisionInfo[];
}

/** Lists the revisions in `range`; reads the database only when it has to. */
export async function history(ctx: Context, opts: HistoryOptions = {}): Promise<HistoryResult> {
  const project = await loadProject(ctx);
  const range = opts.range ? parseHistoryRange(opts.range) : FULL_HISTORY;
  const needsDb = opts.indicateCurrent === true || range.lower.kind === "current" || range.upper.kind === "current";
  const rows = needsDb ? await withDatabase(ctx, (sql) => readHeads(sql, versionTableOf(ctx))) : [];
  const marks = opts.indicateCurrent ? new Set(rows) : undefined;
  const entries = walkHistory(project.graph, range, rows).map((e) => describeRevision(project, e.revision.id, marks));
  return { entries };
}
