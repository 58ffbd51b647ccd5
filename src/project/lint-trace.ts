/**
 * `lint --trace`: runs the linted units in the scratch database, from the state after the
 * revisions already applied, and holds the lint's claims (the `lock` and `rewrites` of its
 * findings) against what PostgreSQL really did there.
 */
import { compareTrace, type TraceReport } from "../core/lint/trace-compare.ts";
import type { Finding, LintUnit } from "../core/lint/types.ts";
import { InterruptedError } from "../db/errors.ts";
import { traceStatements } from "../db/trace-statements.ts";
import type { Context } from "./context.ts";
import { connectOptions } from "./database.ts";
import type { Project } from "./project.ts";
import { withScratch } from "./schema-source.ts";

export type { TraceReport, TracedStatement, TracedLock } from "../core/lint/trace-compare.ts";

/**
 * Traces `units` (in the order they run) in the scratch database brought to the state after the
 * revisions `startAfter` (version-table rows; `[]`: an empty database), and compares each
 * statement with its `findings`. The scratch database is left in the state the units produce.
 */
export async function traceLint(
  ctx: Context,
  project: Project | undefined,
  startAfter: readonly string[],
  units: readonly LintUnit[],
  findings: readonly Finding[],
  options: { readonly eachDeployed?: boolean } = {},
): Promise<TraceReport> {
  const checkpoint = (): void => {
    if (ctx.signal?.aborted) throw new InterruptedError(String(ctx.signal.reason ?? "SIGINT"));
  };
  return withScratch(
    ctx,
    async (scratch) => {
      const { url, sql } = await scratch.connectionAt(startAfter);
      const { observations, parents } = await traceStatements(sql, url, connectOptions(ctx, { purpose: "scratch" }), units, { checkpoint, existingPerUnit: options.eachDeployed === true });
      return { statements: compareTrace(observations, findings, parents) };
    },
    project,
  );
}
