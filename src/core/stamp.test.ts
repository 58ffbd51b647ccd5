import { describe, expect, it } from "vitest";
import {
  ExitCode,
  MissingTargetError,
  MultipleHeadsError,
  OverlappingTargetsError,
  TargetNotAllowedError,
  TargetSyntaxError,
  UnknownRevisionError,
} from "./errors.ts";
import type { VersionChange } from "./plan.ts";
import { planStamp, type StampPlan } from "./stamp.ts";
import { graphOf, labelled, linear, linearChain, rev, thrown } from "./_testing.ts";

const keep = { purge: false };
const purge = { purge: true };

/** The changes as short strings, easy to compare. */
function changes(plan: StampPlan): string[] {
  return plan.changes.map((c: VersionChange) => (c.op === "update" ? `update ${c.from}->${c.to}` : `${c.op} ${c.revision}`));
}

// Alembic's BranchedPathTest: a ── b ─┬─ c1 (c1branch) ── d1
//                                     └─ c2 (c2branch) ── d2
const branched = () =>
  graphOf(
    rev("a000"),
    rev("b000", "a000"),
    rev("c100", "b000", { labels: ["c1branch"] }),
    rev("d100", "c100"),
    rev("c200", "b000", { labels: ["c2branch"] }),
    rev("d200", "c200"),
  );
// Alembic's MergedPathTest: the same two branches joined by e, then f.
const merged = () =>
  graphOf(
    rev("a000"),
    rev("b000", "a000"),
    rev("c100", "b000"),
    rev("d100", "c100"),
    rev("c200", "b000", { labels: ["c2branch"] }),
    rev("d200", "c200"),
    rev("e000", ["d100", "d200"]),
    rev("f000", "e000"),
  );
// Alembic's StampMultipleHeadsTest: a ── b ─┬─ c
//                                           ├─ d ── e
//                                           └─ f
const threeHeads = () =>
  graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "b000"), rev("d000", "b000"), rev("e000", "d000"), rev("f000", "b000"));
// Alembic's ForestTest: two bases.
const forest = () => graphOf(rev("a100"), rev("b100", "a100"), rev("a200"), rev("b200", "a200"));
// Alembic's DependsOnBranchTestOne: c2 depends on c1 across two bases.
const crossDeps = () =>
  graphOf(
    rev("a100", [], { labels: ["lib1"] }),
    rev("b100", "a100"),
    rev("c100", "b100"),
    rev("d100", "c100"),
    rev("e100", "d100"),
    rev("a200"),
    rev("b200", "a200"),
    rev("c200", "b200", { dependsOn: ["c100"] }),
  );

describe("planStamp on a line", () => {
  it("stamp head on an empty table inserts the head", () => {
    const plan = planStamp(linear(), [], ["head"], keep);
    expect(plan).toEqual({ headsBefore: [], changes: [{ op: "insert", revision: "c000" }], headsAfter: ["c000"] });
  });

  it("stamping up or down a line updates the row", () => {
    expect(changes(planStamp(linear(), ["a000"], ["c000"], keep))).toEqual(["update a000->c000"]);
    expect(changes(planStamp(linear(), ["c000"], ["a000"], keep))).toEqual(["update c000->a000"]);
    expect(planStamp(linear(), ["c000"], ["a000"], keep).headsAfter).toEqual(["a000"]);
  });

  it("stamping the revision the table already holds changes nothing", () => {
    expect(planStamp(linear(), ["b000"], ["b000"], keep)).toEqual({ headsBefore: ["b000"], changes: [], headsAfter: ["b000"] });
  });

  it("stamp base deletes every row", () => {
    const plan = planStamp(labelled(), ["b200", "c200"], ["base"], keep);
    expect(changes(plan)).toEqual(["delete b200", "delete c200"]);
    expect(plan.headsAfter).toEqual([]);
  });

  it("stamp base with another target replaces every row with that target", () => {
    expect(changes(planStamp(linear(), ["a000"], ["base", "c000"], keep))).toEqual(["update a000->c000"]);
    expect(changes(planStamp(labelled(), ["b200", "c200"], ["base", "fix@head"], keep))).toEqual(["delete b200"]);
  });

  it("relative steps count from the current row, and stepping off the base deletes it", () => {
    expect(changes(planStamp(linear(), ["c000"], ["-1"], keep))).toEqual(["update c000->b000"]);
    expect(changes(planStamp(linear(), ["a000"], ["+2"], keep))).toEqual(["update a000->c000"]);
    expect(changes(planStamp(linear(), ["a000"], ["-1"], keep))).toEqual(["delete a000"]);
    expect(changes(planStamp(linear(), ["c000"], ["head-2"], keep))).toEqual(["update c000->a000"]);
  });

  it("resolves prefixes and branch labels", () => {
    const g = graphOf(rev("1a2b3c4d5e6f"), rev("9f8e7d6c5b4a", "1a2b3c4d5e6f"));
    expect(changes(planStamp(g, ["1a2b3c4d5e6f"], ["9f8e"], keep))).toEqual(["update 1a2b3c4d5e6f->9f8e7d6c5b4a"]);
    expect(changes(planStamp(labelled(), [], ["feature", "fix@head"], keep))).toEqual(["insert b100", "insert c200"]);
  });

  it("stamps the head of a 10,000-revision chain in one update", () => {
    const { graph, ids } = linearChain(10_000);
    expect(changes(planStamp(graph, [ids[0]!], ["head"], keep))).toEqual([`update ${ids[0]}->${ids[9_999]}`]);
    expect(changes(planStamp(graph, [ids[9_999]!], ["base"], keep))).toEqual([`delete ${ids[9_999]}`]);
  });
});

describe("planStamp with several heads (Alembic's stamp tests)", () => {
  it("stamp heads inserts every head, and changes nothing when they are already the rows", () => {
    expect(changes(planStamp(forest(), [], ["heads"], keep))).toEqual(["insert b100", "insert b200"]);
    expect(planStamp(forest(), ["b100", "b200"], ["heads"], keep).changes).toEqual([]);
    expect(changes(planStamp(threeHeads(), [], ["heads"], keep))).toEqual(["insert c000", "insert e000", "insert f000"]);
  });

  it("stamp e f from a: the first moves the shared row up, the second gets a row of its own", () => {
    const plan = planStamp(threeHeads(), ["a000"], ["e000", "f000"], keep);
    expect(changes(plan)).toEqual(["update a000->e000", "insert f000"]);
    expect(plan.headsAfter).toEqual(["e000", "f000"]);
  });

  it("stamping revisions that are already rows changes nothing", () => {
    expect(planStamp(threeHeads(), ["c000", "e000"], ["c000", "e000"], keep).changes).toEqual([]);
  });

  it("stamping a revision on another branch inserts it and keeps the other branch's row", () => {
    expect(changes(planStamp(labelled(), ["b200"], ["c200"], keep))).toEqual(["insert c200"]);
    expect(planStamp(labelled(), ["b200"], ["c200"], keep).headsAfter).toEqual(["b200", "c200"]);
  });

  it("stamping a revision on a branch that has a row updates that row, not the other branch's", () => {
    expect(changes(planStamp(labelled(), ["b200", "c100"], ["c200"], keep))).toEqual(["update c100->c200"]);
    expect(changes(planStamp(labelled(), ["b200", "c200"], ["b100"], keep))).toEqual(["update b200->b100"]);
  });

  it("stamping down to a branch point from two heads deletes one and updates the other", () => {
    const plan = planStamp(branched(), ["d100", "c200"], ["b000"], keep);
    expect(changes(plan)).toEqual(["delete d100", "update c200->b000"]);
    expect(plan.headsAfter).toEqual(["b000"]);
  });

  it("label@head moves only that branch's row", () => {
    expect(changes(planStamp(branched(), ["d100", "c200"], ["c2branch@head"], keep))).toEqual(["update c200->d200"]);
  });

  it("label@base deletes that branch's row when another row still implies the trunk", () => {
    expect(changes(planStamp(branched(), ["d100", "c200"], ["c1branch@base"], keep))).toEqual(["delete d100"]);
  });

  it("label@base moves the branch's row down to the fork when nothing else implies the trunk", () => {
    expect(changes(planStamp(branched(), ["d100"], ["c1branch@base"], keep))).toEqual(["update d100->b000"]);
  });

  it("label@base leaves a row below the branch alone", () => {
    expect(planStamp(branched(), ["b000"], ["c1branch@base"], keep).changes).toEqual([]);
  });

  it("label@-N steps down that branch only, back to the fork at most", () => {
    expect(changes(planStamp(labelled(), ["b200", "c200"], ["feature@-1"], keep))).toEqual(["update b200->b100"]);
    expect(changes(planStamp(labelled(), ["b200", "c200"], ["feature@a000"], keep))).toEqual(["delete b200"]);
  });

  it("stamps across a merge point, down to one parent's line or up from several rows", () => {
    expect(changes(planStamp(merged(), ["e000"], ["c200"], keep))).toEqual(["update e000->c200"]);
    expect(changes(planStamp(merged(), ["e000"], ["a000"], keep))).toEqual(["update e000->a000"]);
    expect(changes(planStamp(merged(), ["c200"], ["e000"], keep))).toEqual(["update c200->e000"]);
    expect(changes(planStamp(merged(), ["b000"], ["e000"], keep))).toEqual(["update b000->e000"]);
    expect(changes(planStamp(merged(), ["d100", "c200"], ["e000"], keep))).toEqual(["delete d100", "update c200->e000"]);
    expect(changes(planStamp(merged(), ["d100", "c200"], ["c2branch@head"], keep))).toEqual([
      "delete d100",
      "update c200->f000",
    ]);
  });

  it("a revision that depends on the target counts as being on its line", () => {
    const plan = planStamp(crossDeps(), ["e100", "c200"], ["b100"], keep);
    expect(changes(plan)).toEqual(["delete e100", "update c200->b100"]);
    expect(plan.headsAfter).toEqual(["b100"]);
  });

  it("stamp heads leaves out a head that another head depends on", () => {
    const g = graphOf(rev("core1"), rev("core2", "core1"), rev("net1"), rev("net2", "net1", { dependsOn: ["core2"] }));
    expect(g.heads).toEqual(["core2", "net2"]);
    expect(changes(planStamp(g, [], ["heads"], keep))).toEqual(["insert net2"]);
  });

  it("a row below another row is dropped when its line is stamped", () => {
    expect(changes(planStamp(linear(), ["a000", "c000"], ["c000"], keep))).toEqual(["delete a000"]);
  });

  it("the same revision named twice is stamped once", () => {
    expect(changes(planStamp(linear(), [], ["c000", "head", "c000@head"], keep))).toEqual(["insert c000"]);
  });
});

describe("planStamp --purge", () => {
  it("deletes rows this checkout does not know and inserts the targets", () => {
    const plan = planStamp(labelled(), ["ffff00", "a000"], ["heads"], purge);
    expect(plan.headsBefore).toEqual(["ffff00", "a000"]);
    expect(changes(plan)).toEqual(["delete ffff00", "delete a000", "insert b200", "insert c200"]);
    expect(plan.headsAfter).toEqual(["b200", "c200"]);
  });

  it("inserts without updating, and keeps a row that is also a target", () => {
    expect(changes(planStamp(linear(), ["a000"], ["c000"], purge))).toEqual(["delete a000", "insert c000"]);
    expect(planStamp(linear(), ["c000"], ["c000"], purge).changes).toEqual([]);
  });

  it("--purge with base empties the table", () => {
    expect(changes(planStamp(linear(), ["zzzz", "b000"], ["base"], purge))).toEqual(["delete zzzz", "delete b000"]);
  });

  it("refuses a relative step, which would count from the purged rows", () => {
    const e = thrown(() => planStamp(linear(), ["zzzz"], ["-1"], purge)) as TargetNotAllowedError;
    expect(e).toBeInstanceOf(TargetNotAllowedError);
    expect([e.code, e.exitCode, e.target, e.rule]).toEqual(["target-not-allowed", ExitCode.usage, "-1", "relative-with-purge"]);
    expect(e.message).toBe(
      'Cannot stamp "-1" with --purge: a relative step counts from the current heads, which --purge discards',
    );
    expect(e.hint).toBe("Name the revision to stamp, or stamp without --purge");
    expect(changes(planStamp(linear(), ["zzzz"], ["head-1"], purge))).toEqual(["delete zzzz", "insert b000"]);
  });

  it("still refuses targets on one line", () => {
    expect(thrown(() => planStamp(linear(), [], ["a000", "b000"], purge))).toBeInstanceOf(OverlappingTargetsError);
  });
});

describe("planStamp errors", () => {
  it("refuses two targets where one is an ancestor of the other, naming both", () => {
    const e = thrown(() => planStamp(threeHeads(), [], ["e000", "a000", "f000"], keep)) as OverlappingTargetsError;
    expect(e).toBeInstanceOf(OverlappingTargetsError);
    expect([e.code, e.exitCode, e.command, e.ancestor, e.descendant]).toEqual([
      "overlapping-targets", ExitCode.scripts, "stamp", "a000", "e000",
    ]);
    expect(e.message).toBe('Cannot stamp "a000" and "e000" together: "a000" is an ancestor of "e000"');
    expect(e.hint).toBe('The version table holds only the newest revision of each line; stamp "e000" without "a000"');
  });

  it("refuses a target below one of the heads, and one that another depends on", () => {
    expect(thrown(() => planStamp(labelled(), [], ["heads", "b100"], keep))).toMatchObject({ ancestor: "b100", descendant: "b200" });
    expect(thrown(() => planStamp(crossDeps(), [], ["c100", "c200"], keep))).toMatchObject({ ancestor: "c100", descendant: "c200" });
  });

  it("stamp head with two heads fails and names both", () => {
    const e = thrown(() => planStamp(labelled(), [], ["head"], keep)) as MultipleHeadsError;
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect(e.heads).toEqual(["b200", "c200"]);
  });

  it("a version-table row that is not a revision fails without --purge, and says to use it", () => {
    const e = thrown(() => planStamp(linear(), ["ffff00"], ["head"], keep)) as UnknownRevisionError;
    expect(e).toBeInstanceOf(UnknownRevisionError);
    expect([e.ident, e.origin, e.exitCode]).toEqual(["ffff00", "version-table", ExitCode.scripts]);
    expect(e.hint).toMatch(/retort stamp --purge/);
  });

  it("stamp without a revision is a usage error", () => {
    const e = thrown(() => planStamp(linear(), [], [], keep)) as MissingTargetError;
    expect(e).toBeInstanceOf(MissingTargetError);
    expect([e.code, e.exitCode, e.command]).toEqual(["target-required", ExitCode.usage, "stamp"]);
    expect(e.message).toBe("Cannot stamp: no revision was given");
  });

  it("a malformed target is a usage error before the rows are looked at", () => {
    expect(thrown(() => planStamp(linear(), ["ffff00"], ["a000:b000"], keep))).toBeInstanceOf(TargetSyntaxError);
  });
});
