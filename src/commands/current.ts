/** `retort current`: the revisions recorded in the version table. */
import { UnknownRevisionError } from "../core/errors.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { startWithDatabase, versionTableOf } from "../project/database.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { NotAtHeadsError } from "./errors.ts";
import { listProjectFiles, type Project } from "../project/project.ts";
import { openSummarisedProject, type Summary } from "../project/summary.ts";

export interface CurrentResult {
  /** The database, redacted. */
  readonly database: string;
  readonly current: readonly RevisionInfo[];
  /** Whether the version table holds exactly the script heads. */
  readonly atHeads: boolean;
}

/** Reads the version table; with `checkHeads`, fails (exit 1) unless it holds every head. */
export async function current(ctx: Context, opts: { readonly checkHeads?: boolean } = {}): Promise<CurrentResult> {
  // The server starts its backend and answers while the files are read; a project that fails to
  // load is still the error reported, as when nothing had been asked of the database yet.
  const { done: reading, asked } = startWithDatabase(ctx, (sql) => readHeads(sql, versionTableOf(ctx)));
  reading.catch(() => undefined);
  // Listing the files before the connection has sent its start-up message would delay it by as long.
  await asked;
  const listing = listProjectFiles(ctx);
  const files = await openSummarisedProject(ctx, listing);
  const checked = (result: CurrentResult, rows: readonly string[], heads: readonly string[]): CurrentResult => {
    if (opts.checkHeads && !result.atHeads) throw new NotAtHeadsError(rows, heads);
    return result;
  };
  if (files.found) {
    // Files an earlier run summarised, and so a project that loads: a version table of their
    // heads alone is described from the summary, without reading the files again.
    const rows = await reading;
    const result = currentOfSummary(ctx, files.found, rows);
    if (result) return checked(result, rows, files.found.heads);
  }
  const project = await files.load();
  const rows = await reading;
  return checked(describeCurrent(ctx, project, rows), rows, project.graph.heads);
}

/** Describes version-table rows; a row the scripts do not know is an error naming it. */
export function describeCurrent(ctx: Context, project: Project, rows: readonly string[]): CurrentResult {
  for (const row of rows) if (!project.graph.has(row)) throw new UnknownRevisionError(row, "version-table", project.graph.size > 0);
  const set = new Set(rows);
  return currentResult(ctx, project.graph.heads, rows, project.graph.sortTopologically(rows).map((id) => describeRevision(project, id, set)));
}

/**
 * describeCurrent from a summary, for rows that are all heads of it (in the heads' order, which is
 * the topological one); undefined for any other row, which only the project can describe.
 */
function currentOfSummary(ctx: Context, summary: Summary, rows: readonly string[]): CurrentResult | undefined {
  const set = new Set(rows);
  const heads = new Set(summary.heads);
  if (!rows.every((row) => heads.has(row))) return undefined;
  return currentResult(ctx, summary.heads, rows, summary.described.filter((head) => set.has(head.revision)).map((head) => ({ ...head, isCurrent: true })));
}

/** The result for version-table `rows` described as `current`, against the script `heads`. */
function currentResult(ctx: Context, heads: readonly string[], rows: readonly string[], current: readonly RevisionInfo[]): CurrentResult {
  const set = new Set(rows);
  return { database: ctx.config.databaseUrl?.redacted ?? "", current, atHeads: heads.length === rows.length && heads.every((h) => set.has(h)) };
}
