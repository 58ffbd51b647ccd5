import { describe, expect, it } from "vitest";
import { RevisionGraph } from "./graph.ts";
import { walkHistory, parseHistoryRange } from "./history.ts";
import { planDowngrade, planUpgrade } from "./plan.ts";
import { resolveDowngradeTarget, resolveUpgradeTarget } from "./target.ts";
import { hexId, linearChain, rev } from "./_testing.ts";
import type { Revision } from "./revision.ts";

const N = 10_000;
// Speed on these graphs is measured by `npm run bench` (scripts/bench/graph.ts), not asserted here.

/**
 * ~10,000 revisions with a branch and a merge every few revisions, plus a second base whose
 * revisions depend on the main line now and then.
 */
function branchyRevisions(): Revision[] {
  const revisions: Revision[] = [rev(hexId(0))];
  let tip = hexId(0);
  let side: string | undefined;
  let next = 1;
  while (next < N - 3) {
    const a = hexId(next++);
    const b = hexId(next++);
    const merge = hexId(next++);
    revisions.push(rev(a, tip), rev(b, tip), rev(merge, [a, b]));
    tip = merge;
    if (next % 30 === 0) {
      const s = hexId(next++);
      revisions.push(rev(s, side === undefined ? [] : side, { dependsOn: [a] }));
      side = s;
    }
  }
  return revisions;
}

describe("a 10,000-revision linear chain", () => {
  const { graph, ids } = linearChain(N);

  it("builds without overflowing the stack", () => {
    expect(graph.size).toBe(N);
    expect(graph.heads).toEqual([ids[N - 1]]);
  });

  it("resolves head, a prefix and -500", () => {
    const value = [
      resolveUpgradeTarget(graph, [], "head"),
      resolveUpgradeTarget(graph, [], ids[1234]!.slice(0, 8)),
      resolveDowngradeTarget(graph, [ids[N - 1]!], "-500"),
    ];
    expect(value).toEqual([[ids[N - 1]], [ids[1234]], { roots: [ids[N - 500]], revisions: [] }]);
  });

  it("plans upgrade head from empty and from the middle", () => {
    const fromEmpty = { value: planUpgrade(graph, [], "head") };
    expect(fromEmpty.value.steps).toHaveLength(N);
    expect(fromEmpty.value.steps[0]!.versionChanges).toEqual([{ op: "insert", revision: ids[0] }]);
    expect(fromEmpty.value.steps[N - 1]!.versionChanges).toEqual([{ op: "update", from: ids[N - 2], to: ids[N - 1] }]);
    const fromMiddle = { value: planUpgrade(graph, [ids[4999]!], "head") };
    expect(fromMiddle.value.steps).toHaveLength(N - 5000);
    expect(fromMiddle.value.steps[0]!.revision.id).toBe(ids[5000]);
  });

  it("plans downgrade base and downgrade -500", () => {
    const all = { value: planDowngrade(graph, [ids[N - 1]!], "base") };
    expect(all.value.steps).toHaveLength(N);
    expect(all.value.steps.at(-1)!.versionChanges).toEqual([{ op: "delete", revision: ids[0] }]);
    expect(all.value.headsAfter).toEqual([]);
    const some = { value: planDowngrade(graph, [ids[N - 1]!], "-500") };
    expect(some.value.headsAfter).toEqual([ids[N - 501]]);
  });

  it("walks the last 100 revisions of history", () => {
    const value = walkHistory(graph, parseHistoryRange("-99:current"), [ids[N - 1]!]);
    expect(value).toHaveLength(100);
  });
});

describe("a 10,000-revision graph of branches, merges and depends_on", () => {
  const revisions = branchyRevisions();
  const graph = RevisionGraph.from(revisions);

  it("builds and plans upgrade heads, then downgrade base", () => {
    const up = { value: planUpgrade(graph, [], "heads") };
    expect(up.value.steps).toHaveLength(graph.size);
    expect(up.value.headsAfter).toEqual(graph.sortTopologically(graph.heads));
    const down = { value: planDowngrade(graph, up.value.headsAfter, "base") };
    expect(down.value.steps).toHaveLength(graph.size);
    expect(down.value.headsAfter).toEqual([]);
  });

  it("walks the whole history, each revision before its parents and dependencies", () => {
    const listed = walkHistory(graph, parseHistoryRange(":"), []).map((e) => e.revision.id);
    expect(new Set(listed).size).toBe(graph.size);
    const seen = new Set<string>();
    for (const id of [...listed].reverse()) {
      for (const p of graph.versionParentsOf(id)) expect(seen.has(p)).toBe(true);
      seen.add(id);
    }
  });

  it("keeps every step's parents and dependencies before it", () => {
    const seen = new Set<string>();
    for (const step of planUpgrade(graph, [], "heads").steps) {
      for (const p of graph.versionParentsOf(step.revision.id)) expect(seen.has(p)).toBe(true);
      seen.add(step.revision.id);
    }
  });
});
