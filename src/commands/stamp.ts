/** `retort stamp <rev>… [--purge] [--sql]`: set the version table without running any revision. */
import { relative } from "node:path";
import { MissingTargetError } from "../core/errors.ts";
import { offlineStartRows, parseOfflineRange } from "../core/offline.ts";
import { planStamp } from "../core/stamp.ts";
import { runSegment } from "../db/run-segment.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { versionTableOf, withMigrationSession } from "../project/database.ts";
import { renderStampScript } from "../project/offline-script.ts";
import { loadProject } from "../project/project.ts";
import { segmentRunOptions } from "../project/run-plan.ts";
import { stampSegment } from "../project/stamp-segment.ts";
import { holdsPythonRevisions } from "../project/ignored-files.ts";
import type { Project } from "../project/project.ts";
import { OfflinePurgeError, StampWithoutRevisionsError } from "./errors.ts";

export interface StampOptions {
  readonly revisions: readonly string[];
  readonly purge?: boolean;
  readonly noLock?: boolean;
}

export interface StampResult {
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
}

/** Stamps the database: applies the planned version-table changes and records them in history. */
export async function stamp(ctx: Context, opts: StampOptions): Promise<StampResult> {
  const project = await loadProject(ctx);
  refuseWithoutRevisions(ctx, project, opts.revisions);
  const table = versionTableOf(ctx);
  return withMigrationSession(ctx, { noLock: opts.noLock === true }, async (session) => {
    await session.lock();
    const plan = planStamp(project.graph, await readHeads(session.sql, table), opts.revisions, { purge: opts.purge === true });
    await runSegment(session.sql, stampSegment(project, plan.changes), segmentRunOptions(ctx, () => session.checkpoint()));
    for (const c of plan.changes) ctx.report({ kind: "info", message: `Stamp: ${c.op === "update" ? `${c.from} -> ${c.to}` : `${c.op} ${c.revision}`}` });
    return { headsBefore: plan.headsBefore, headsAfter: plan.headsAfter };
  });
}

/** The offline script of `stamp [from:]rev --sql`: the start comes from the range, not a database. */
export async function stampScript(ctx: Context, opts: StampOptions): Promise<string> {
  if (opts.purge) throw new OfflinePurgeError();
  const project = await loadProject(ctx);
  const [first, ...rest] = opts.revisions;
  refuseWithoutRevisions(ctx, project, first === undefined ? [] : [parseOfflineRange(first, "upgrade").to, ...rest]);
  if (first === undefined) throw new MissingTargetError("stamp");
  const range = parseOfflineRange(first, "upgrade");
  const start = offlineStartRows(project.graph, range);
  const plan = planStamp(project.graph, start, [range.to, ...rest], { purge: false });
  return renderStampScript(ctx, stampSegment(project, plan.changes), `stamp ${opts.revisions.join(" ")}`);
}

/** Refuses a target other than base when there is no revision to resolve it against. */
function refuseWithoutRevisions(ctx: Context, project: Project, targets: readonly string[]): void {
  if (project.graph.size > 0) return;
  const target = targets.find((t) => t !== "base");
  if (target === undefined) return;
  const dirs = ctx.config.versionLocations.map((d) => relative(ctx.config.projectDir, d) || d);
  throw new StampWithoutRevisionsError(target, dirs, holdsPythonRevisions(project.ignored));
}
