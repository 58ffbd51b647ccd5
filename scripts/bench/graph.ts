/**
 * The pure revision graph timed in-process on a generated linear chain: building the graph,
 * resolving `head`, and planning a full upgrade and a full downgrade. The core is imported from
 * src/ at run time, so a broken core is reported instead of stopping the whole bench.
 */
import { revisionId } from "./generate.ts";
import { describeError, summarize, type Stats } from "./measure.ts";
import type { Revision } from "../../src/core/revision.ts";

/** One operation's first call (what a CLI process pays, before the JIT) and its warm timings. */
export interface GraphOperation {
  readonly name: string;
  readonly firstMs: number;
  readonly stats: Stats;
}

/** Timings of each graph operation, or why they could not be taken. */
export type GraphResult =
  | { readonly kind: "ok"; readonly revisions: number; readonly operations: readonly GraphOperation[] }
  | { readonly kind: "failed"; readonly revisions: number; readonly error: string };

/** Times the core's graph operations on a chain of `size` revisions: `runs` timed calls after `warmup`. */
export async function graphWorkload(size: number, runs: number, warmup: number): Promise<GraphResult> {
  try {
    const { RevisionGraph } = await import("../../src/core/graph.ts");
    const { resolveUpgradeTarget } = await import("../../src/core/target.ts");
    const { planDowngrade, planUpgrade } = await import("../../src/core/plan.ts");
    const revisions = linearRevisions(size);
    const check = (ok: boolean, what: string) => {
      if (!ok) throw new Error(`Unexpected result from ${what} on the ${size}-revision chain`);
    };
    // The first calls are timed as they happen: a `retort` process only ever makes cold ones.
    const first: number[] = [];
    const cold = <T>(fn: () => T): T => {
      const started = performance.now();
      const value = fn();
      first.push(performance.now() - started);
      return value;
    };
    const graph = cold(() => RevisionGraph.from(revisions));
    const head = graph.heads[0]!;
    check(graph.heads.length === 1 && head === revisions[size - 1]!.id, "RevisionGraph.from");
    check(cold(() => resolveUpgradeTarget(graph, [], "head"))[0] === head, "resolveUpgradeTarget");
    check(cold(() => planUpgrade(graph, [], "head")).steps.length === size, "planUpgrade");
    check(cold(() => planDowngrade(graph, [head], "base")).steps.length === size, "planDowngrade");

    const operations: [string, () => unknown][] = [
      ["RevisionGraph.from", () => RevisionGraph.from(revisions)],
      ['resolveUpgradeTarget(graph, [], "head")', () => resolveUpgradeTarget(graph, [], "head")],
      ['planUpgrade(graph, [], "head")', () => planUpgrade(graph, [], "head")],
      ['planDowngrade(graph, [head], "base")', () => planDowngrade(graph, [head], "base")],
    ];
    return {
      kind: "ok",
      revisions: size,
      operations: operations.map(([name, fn], i) => ({ name, firstMs: first[i]!, stats: timeInProcess(fn, runs, warmup) })),
    };
  } catch (error) {
    return { kind: "failed", revisions: size, error: describeError(error) };
  }
}

/** A linear chain of `size` revisions with retort-shaped ids, base first. */
function linearRevisions(size: number): Revision[] {
  return Array.from({ length: size }, (_, i) => ({
    id: revisionId(i),
    downRevisions: i === 0 ? [] : [revisionId(i - 1)],
    branchLabels: [],
    dependsOn: [],
    message: `revision ${i + 1}`,
    source: `migrations/versions/${revisionId(i)}_r${i + 1}.sql`,
  }));
}

/** Median of `runs` timed calls of `fn` after `warmup` untimed ones (JIT, caches). */
function timeInProcess(fn: () => unknown, runs: number, warmup: number): Stats {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    sink = fn();
    samples.push(performance.now() - started);
  }
  // Keep the last result alive so the calls cannot be optimised away.
  if (sink === Symbol.for("never")) console.log(sink);
  return summarize(samples);
}
