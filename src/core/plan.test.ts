import { describe, expect, it } from "vitest";
import {
  AmbiguousTargetError,
  MultipleHeadsError,
  TargetNotAppliedError,
  TargetSyntaxError,
  UnknownRevisionError,
} from "./errors.ts";
import { RevisionGraph } from "./graph.ts";
import { netVersionChanges, planDowngrade, planUpgrade, type Plan } from "./plan.ts";
import { crossDeps, diamond, labelled, linear, thrown } from "./_testing.ts";

/** A plan as `[revision, changes, headsAfter]` rows, easy to compare. */
function summary(plan: Plan): [string, string, string[]][] {
  return plan.steps.map((s) => [
    s.revision.id,
    s.versionChanges
      .map((c) => (c.op === "update" ? `update ${c.from}->${c.to}` : `${c.op} ${c.revision}`))
      .join(", "),
    [...s.headsAfter],
  ]);
}


describe("planUpgrade", () => {
  it("upgrade head from an empty database inserts the base, then updates along the line", () => {
    const plan = planUpgrade(linear(), [], "head");
    expect(plan.direction).toBe("upgrade");
    expect(plan.headsBefore).toEqual([]);
    expect(plan.headsAfter).toEqual(["c000"]);
    expect(summary(plan)).toEqual([
      ["a000", "insert a000", ["a000"]],
      ["b000", "update a000->b000", ["b000"]],
      ["c000", "update b000->c000", ["c000"]],
    ]);
    expect(plan.steps.every((s) => s.direction === "upgrade")).toBe(true);
  });

  it("upgrade from the middle runs only what is missing", () => {
    expect(summary(planUpgrade(linear(), ["b000"], "head"))).toEqual([["c000", "update b000->c000", ["c000"]]]);
    expect(summary(planUpgrade(linear(), ["a000"], "+1"))).toEqual([["b000", "update a000->b000", ["b000"]]]);
  });

  it("upgrade to an applied revision or one of its ancestors is an empty plan", () => {
    for (const target of ["c000", "a000", "base", "head"]) {
      const plan = planUpgrade(linear(), ["c000"], target);
      expect(plan.steps).toEqual([]);
      expect(plan.headsAfter).toEqual(["c000"]);
    }
  });

  it("starting a second branch inserts a new row", () => {
    expect(summary(planUpgrade(labelled(), ["b200"], "fix@head"))).toEqual([
      ["c100", "insert c100", ["b200", "c100"]],
      ["c200", "update c100->c200", ["b200", "c200"]],
    ]);
  });

  it("a merge deletes one parent's row and updates the other's", () => {
    expect(summary(planUpgrade(diamond(), ["b000", "c000"], "head"))).toEqual([
      ["d000", "delete b000, update c000->d000", ["d000"]],
    ]);
  });

  it("a whole diamond from empty: insert, update, insert the second branch, merge", () => {
    expect(summary(planUpgrade(diamond(), [], "head"))).toEqual([
      ["a000", "insert a000", ["a000"]],
      ["b000", "update a000->b000", ["b000"]],
      ["c000", "insert c000", ["b000", "c000"]],
      ["d000", "delete b000, update c000->d000", ["d000"]],
    ]);
  });

  it("applies depends_on first, and the dependency's row folds into the dependent's", () => {
    expect(summary(planUpgrade(crossDeps(), [], "net@head"))).toEqual([
      ["core1", "insert core1", ["core1"]],
      ["net1", "insert net1", ["core1", "net1"]],
      ["net2", "delete net1, update core1->net2", ["net2"]],
    ]);
    expect(summary(planUpgrade(crossDeps(), ["net2"], "heads"))).toEqual([["core2", "insert core2", ["core2", "net2"]]]);
  });

  it("upgrade head fails with two heads and names both", () => {
    const e = thrown(() => planUpgrade(labelled(), [], "head")) as MultipleHeadsError;
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect(e.heads).toEqual(["b200", "c200"]);
  });

  it("upgrade heads applies every branch", () => {
    expect(planUpgrade(labelled(), [], "heads").headsAfter).toEqual(["b200", "c200"]);
  });

  it("a version-table row that is not a revision is an error naming the version table", () => {
    const e = thrown(() => planUpgrade(linear(), ["ffff00"], "head")) as UnknownRevisionError;
    expect(e).toBeInstanceOf(UnknownRevisionError);
    expect([e.ident, e.origin, e.exitCode]).toEqual(["ffff00", "version-table", 3]);
    expect(e.message).toBe('Cannot find revision "ffff00" from the version table among the revision scripts');
  });

  it("a malformed target is a usage error before anything else", () => {
    expect(thrown(() => planUpgrade(linear(), ["ffff00"], "a@@b"))).toBeInstanceOf(TargetSyntaxError);
  });

  it("plans the same steps whatever order the files were read in", () => {
    const revisions = labelled().revisions;
    const a = planUpgrade(RevisionGraph.from(revisions), [], "heads");
    const b = planUpgrade(RevisionGraph.from([...revisions].reverse()), [], "heads");
    expect(summary(a)).toEqual(summary(b));
  });
});

describe("planDowngrade", () => {
  it("downgrade base removes everything, newest first", () => {
    const plan = planDowngrade(linear(), ["c000"], "base");
    expect(plan.direction).toBe("downgrade");
    expect(summary(plan)).toEqual([
      ["c000", "update c000->b000", ["b000"]],
      ["b000", "update b000->a000", ["a000"]],
      ["a000", "delete a000", []],
    ]);
    expect(plan.headsAfter).toEqual([]);
  });

  it("undoing a merge inserts one parent back and updates to the other", () => {
    expect(summary(planDowngrade(diamond(), ["d000"], "-1"))).toEqual([
      ["d000", "insert b000, update d000->c000", ["b000", "c000"]],
    ]);
  });

  it("removing a branch that shares an ancestor with another head deletes its row", () => {
    expect(summary(planDowngrade(labelled(), ["b100", "c200"], "feature@-1"))).toEqual([
      ["b100", "delete b100", ["c200"]],
    ]);
    expect(summary(planDowngrade(labelled(), ["b200", "c200"], "fix@a000"))).toEqual([
      ["c200", "update c200->c100", ["b200", "c100"]],
      ["c100", "delete c100", ["b200"]],
    ]);
  });

  it("downgrade base through a diamond unmerges, deletes, then walks down", () => {
    expect(summary(planDowngrade(diamond(), ["d000"], "base"))).toEqual([
      ["d000", "insert b000, update d000->c000", ["b000", "c000"]],
      ["c000", "delete c000", ["b000"]],
      ["b000", "update b000->a000", ["a000"]],
      ["a000", "delete a000", []],
    ]);
  });

  it("removes what depends on a removed revision, and restores folded dependency rows", () => {
    expect(summary(planDowngrade(crossDeps(), ["core2", "net2"], "core@base"))).toEqual([
      ["net2", "update net2->net1", ["core2", "net1"]],
      ["core2", "update core2->core1", ["core1", "net1"]],
      ["core1", "delete core1", ["net1"]],
    ]);
    expect(summary(planDowngrade(crossDeps(), ["net2"], "core@-1"))).toEqual([
      ["net2", "insert net1, update net2->core1", ["core1", "net1"]],
      ["core1", "delete core1", ["net1"]],
    ]);
    expect(summary(planDowngrade(crossDeps(), ["net2"], "net@-1"))).toEqual([
      ["net2", "insert net1, update net2->core1", ["core1", "net1"]],
    ]);
  });

  it("downgrade to the current head, or to an applied dependency, is an empty plan", () => {
    expect(planDowngrade(linear(), ["c000"], "c000").steps).toEqual([]);
    expect(planDowngrade(crossDeps(), ["net2"], "core1").steps).toEqual([]);
  });

  it("downgrade to a revision above the current heads fails", () => {
    const e = thrown(() => planDowngrade(linear(), ["a000"], "c000")) as TargetNotAppliedError;
    expect(e).toBeInstanceOf(TargetNotAppliedError);
    expect([e.code, e.exitCode, e.target, e.revision, e.currentHeads]).toEqual([
      "target-not-applied", 3, "c000", "c000", ["a000"],
    ]);
    expect(e.message).toBe('Cannot downgrade to "c000": revision "c000" is not applied');
    expect(e.hint).toBe('The database is at "a000"; use retort upgrade to move forward');
  });

  it("downgrade -1 with several heads is ambiguous instead of a guess", () => {
    expect(thrown(() => planDowngrade(labelled(), ["b200", "c200"], "-1"))).toBeInstanceOf(AmbiguousTargetError);
  });

  it("downgrade base of an empty database is an empty plan", () => {
    expect(planDowngrade(linear(), [], "base")).toEqual({ direction: "downgrade", steps: [], headsBefore: [], headsAfter: [] });
  });
});

describe("netVersionChanges", () => {
  it("is empty when nothing changes", () => {
    expect(netVersionChanges(["a000"], ["a000"])).toEqual([]);
  });

  it("updates a line's row once however many steps moved it", () => {
    const plan = planUpgrade(linear(), [], "head");
    expect(plan.steps).toHaveLength(3);
    expect(netVersionChanges(plan.headsBefore, plan.headsAfter)).toEqual([{ op: "insert", revision: "c000" }]);
    expect(netVersionChanges(["a000"], ["c000"])).toEqual([{ op: "update", from: "a000", to: "c000" }]);
  });

  it("deletes, updates and inserts to go between several heads", () => {
    expect(netVersionChanges(["b200", "c200"], ["d000"])).toEqual([
      { op: "update", from: "b200", to: "d000" },
      { op: "delete", revision: "c200" },
    ]);
    expect(netVersionChanges(["a000"], ["b200", "c200"])).toEqual([
      { op: "update", from: "a000", to: "b200" },
      { op: "insert", revision: "c200" },
    ]);
    expect(netVersionChanges(["a000", "x000"], [])).toEqual([
      { op: "delete", revision: "a000" },
      { op: "delete", revision: "x000" },
    ]);
  });
});
