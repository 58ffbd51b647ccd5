import { describe, expect, it } from "vitest";
import { effectiveBranchLabels } from "./branch-labels.ts";
import { RevisionGraph } from "./graph.ts";
import type { Revision } from "./revision.ts";

const rev = (id: string, down: string[] = [], labels: string[] = []): Revision => ({ id, downRevisions: down, branchLabels: labels, dependsOn: [], message: id, source: `${id}.sql` });

describe("effectiveBranchLabels", () => {
  it("gives a label to the revisions above the one declaring it, and below it down to the branch point", () => {
    // a ─ b ─ c            (a branches)
    //   └ d ─ e(billing) ─ f
    const graph = RevisionGraph.from([rev("a"), rev("b", ["a"]), rev("c", ["b"]), rev("d", ["a"]), rev("e", ["d"], ["billing"]), rev("f", ["e"])]);
    const labels = effectiveBranchLabels(graph);
    expect(labels.get("f")).toEqual(["billing"]);
    expect(labels.get("e")).toEqual(["billing"]);
    expect(labels.get("d")).toEqual(["billing"]);
    expect(labels.has("a")).toBe(false);
    expect(labels.has("c")).toBe(false);
  });

  it("labels a whole linear history from a labelled base", () => {
    const graph = RevisionGraph.from([rev("a", [], ["main"]), rev("b", ["a"]), rev("c", ["b"])]);
    expect([...effectiveBranchLabels(graph)]).toEqual([["a", ["main"]], ["b", ["main"]], ["c", ["main"]]]);
  });

  it("does not walk below a revision whose line above it branches or merges", () => {
    // a ─ b(x) ─ c
    //        └ d
    const branching = RevisionGraph.from([rev("a"), rev("b", ["a"], ["x"]), rev("c", ["b"]), rev("d", ["b"])]);
    expect(effectiveBranchLabels(branching).has("a")).toBe(false);
    expect(effectiveBranchLabels(branching).get("d")).toEqual(["x"]);
    // a ─ b(y) ─ m      c ─ m (merge)
    const merging = RevisionGraph.from([rev("a"), rev("b", ["a"], ["y"]), rev("c"), rev("m", ["b", "c"])]);
    const labels = effectiveBranchLabels(merging);
    expect(labels.get("m")).toEqual(["y"]);
    expect(labels.has("a")).toBe(false);
    expect(labels.has("c")).toBe(false);
  });

  it("keeps a revision's own labels first", () => {
    const graph = RevisionGraph.from([rev("a", [], ["main"]), rev("b", ["a"], ["extra"])]);
    expect(effectiveBranchLabels(graph).get("b")).toEqual(["extra", "main"]);
  });
});
