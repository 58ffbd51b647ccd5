/** `retort current`: the revisions recorded in the version table. */
import { UnknownRevisionError } from "../core/errors.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { versionTableOf, withDatabase } from "../project/database.ts";
import { describeRevision, type RevisionInfo } from "../project/describe.ts";
import { NotAtHeadsError } from "./errors.ts";
import { loadProject, type Project } from "../project/project.ts";

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
  const reading = (async () => withDatabase(ctx, (sql) => readHeads(sql, versionTableOf(ctx))))();
  reading.catch(() => undefined);
  const project = await loadProject(ctx);
  const rows = await reading;
  const result = describeCurrent(ctx, project, rows);
  if (opts.checkHeads && !result.atHeads) throw new NotAtHeadsError(rows, project.graph.heads);
  return result;
}

/** Describes version-table rows; a row the scripts do not know is an error naming it. */
export function describeCurrent(ctx: Context, project: Project, rows: readonly string[]): CurrentResult {
  for (const row of rows) if (!project.graph.has(row)) throw new UnknownRevisionError(row, "version-table", project.graph.size > 0);
  const set = new Set(rows);
  const heads = project.graph.heads;
  return {
    database: ctx.config.databaseUrl?.redacted ?? "",
    current: project.graph.sortTopologically(rows).map((id) => describeRevision(project, id, set)),
    atHeads: heads.length === rows.length && heads.every((h) => set.has(h)),
  };
}
