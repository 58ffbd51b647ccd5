import { describe, expect, it } from "vitest";
import {
  AmbiguousTargetError,
  ExitCode,
  MultipleHeadsError,
  NotOnBranchError,
  RelativeRangeError,
  TargetDirectionError,
  TargetSyntaxError,
  UnknownRevisionError,
  UsageError,
} from "./errors.ts";
import { parseTarget, resolveDowngradeTarget, resolveTargetRevisions, resolveUpgradeTarget } from "./target.ts";
import { diamond, graphOf, labelled, linear, rev, thrown } from "./_testing.ts";


describe("parseTarget", () => {
  it.each([
    ["head", { text: "head", kind: "head" }],
    ["heads", { text: "heads", kind: "heads" }],
    ["base", { text: "base", kind: "base" }],
    ["ab12", { text: "ab12", kind: "revision", ident: "ab12" }],
    ["feature@head", { text: "feature@head", branch: "feature", kind: "head" }],
    ["feature@base", { text: "feature@base", branch: "feature", kind: "base" }],
    ["feature@ab12", { text: "feature@ab12", branch: "feature", kind: "revision", ident: "ab12" }],
    ["ab12@head", { text: "ab12@head", branch: "ab12", kind: "head" }],
    ["my-branch@head", { text: "my-branch@head", branch: "my-branch", kind: "head" }],
    ["+2", { text: "+2", kind: "relative", steps: 2 }],
    ["-1", { text: "-1", kind: "relative", steps: -1 }],
    ["ab12+3", { text: "ab12+3", kind: "relative", steps: 3, from: "ab12" }],
    ["head-1", { text: "head-1", kind: "relative", steps: -1, from: "head" }],
    ["feature@-1", { text: "feature@-1", branch: "feature", kind: "relative", steps: -1 }],
    ["feature@+2", { text: "feature@+2", branch: "feature", kind: "relative", steps: 2 }],
    ["feature@head-2", { text: "feature@head-2", branch: "feature", kind: "relative", steps: -2, from: "head" }],
  ])("parses %s", (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each([
    ["", "it is empty"],
    ["a b", "it contains white space"],
    ["ab12:cd34", '":" is not part of a target; ranges are for history and --sql'],
    ["a@b@c", 'it has more than one "@"'],
    ["@head", 'nothing comes before "@"'],
    ["feature@", 'nothing comes after "@"'],
    ["+0", "a relative step must be at least 1"],
    ["--1", "it has more than one relative step"],
    ["+1+1", "it has more than one relative step"],
    ["ab12+", '"ab12+" is not a revision or a relative step'],
    ["-x", '"-x" is not a revision or a relative step'],
  ])("rejects %j as a usage error", (text, reason) => {
    const e = thrown(() => parseTarget(text)) as TargetSyntaxError;
    expect(e).toBeInstanceOf(TargetSyntaxError);
    expect(e).toBeInstanceOf(UsageError);
    expect([e.code, e.exitCode, e.target, e.reason]).toEqual(["target-syntax", ExitCode.usage, text, reason]);
    expect(e.message).toBe(`Invalid target "${text}": ${reason}`);
  });
});

describe("resolveUpgradeTarget", () => {
  it("upgrade head fails with two heads and names both, with Alembic's advice", () => {
    const e = thrown(() => resolveUpgradeTarget(labelled(), [], "head")) as MultipleHeadsError;
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect([e.code, e.exitCode, e.heads, e.target]).toEqual(["multiple-heads", 3, ["b200", "c200"], "head"]);
    expect(e.message).toBe('Cannot resolve "head": there are 2 heads: "b200", "c200"');
    expect(e.hint).toBe('Pick one with "feature@head", "fix@head" or a revision id, use "heads" for all of them, or join them with retort merge heads');
  });

  it("upgrade head with two unlabelled heads suggests no label@head", () => {
    const e = thrown(() => resolveUpgradeTarget(graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "a000")), [], "head")) as MultipleHeadsError;
    expect(e.labelTargets).toEqual([]);
    expect(e.hint).toBe('Pick one by its revision id, use "heads" for all of them, or join them with retort merge heads');
  });

  it("a label that every head inherits from a shared trunk is not suggested", () => {
    const g = graphOf(rev("a000", [], { labels: ["main"] }), rev("b000", "a000"), rev("c000", "a000", { labels: ["side"] }));
    const e = thrown(() => resolveUpgradeTarget(g, [], "head")) as MultipleHeadsError;
    expect(e.labelTargets).toEqual(["side@head"]);
  });

  it("resolves heads, label@head, rev@head, base and labels", () => {
    const g = labelled();
    expect(resolveUpgradeTarget(g, [], "heads")).toEqual(["b200", "c200"]);
    expect(resolveUpgradeTarget(g, [], "feature@head")).toEqual(["b200"]);
    expect(resolveUpgradeTarget(g, [], "fix@heads")).toEqual(["c200"]);
    expect(resolveUpgradeTarget(g, [], "c100@head")).toEqual(["c200"]);
    expect(resolveUpgradeTarget(g, [], "base")).toEqual([]);
    expect(resolveUpgradeTarget(g, [], "feature")).toEqual(["b100"]);
    expect(resolveUpgradeTarget(g, [], "feature@b200")).toEqual(["b200"]);
    expect(resolveUpgradeTarget(linear(), [], "head")).toEqual(["c000"]);
  });

  it("label@rev fails when the revision is not on the branch", () => {
    const e = thrown(() => resolveUpgradeTarget(labelled(), [], "feature@c100")) as NotOnBranchError;
    expect(e).toBeInstanceOf(NotOnBranchError);
    expect([e.code, e.exitCode, e.revision, e.branch]).toEqual(["not-on-branch", 3, "c100", "feature"]);
    expect(e.message).toBe('Revision "c100" is not on branch "feature"');
  });

  it("an unknown label fails as an unknown revision", () => {
    expect(() => resolveUpgradeTarget(labelled(), [], "nope@head")).toThrow(UnknownRevisionError);
  });

  it("steps up from the current heads, or from base when nothing is applied", () => {
    expect(resolveUpgradeTarget(linear(), [], "+1")).toEqual(["a000"]);
    expect(resolveUpgradeTarget(linear(), ["a000"], "+2")).toEqual(["c000"]);
    expect(resolveUpgradeTarget(labelled(), [], "feature@+3")).toEqual(["b200"]);
    expect(resolveUpgradeTarget(labelled(), ["b100", "c200"], "feature@+1")).toEqual(["b200"]);
  });

  it("label@+1 starts from the branch's applied ancestor when no head is on the branch", () => {
    expect(resolveUpgradeTarget(labelled(), ["b200"], "fix@+1")).toEqual(["c100"]);
  });

  it("steps relative to a named revision", () => {
    expect(resolveUpgradeTarget(linear(), [], "a000+2")).toEqual(["c000"]);
    expect(resolveUpgradeTarget(linear(), [], "c000-1")).toEqual(["b000"]);
    expect(resolveUpgradeTarget(linear(), [], "head-2")).toEqual(["a000"]);
    expect(resolveUpgradeTarget(linear(), [], "a000-1")).toEqual([]);
    expect(resolveUpgradeTarget(labelled(), [], "feature@head-1")).toEqual(["b100"]);
  });

  it("upgrade head+1 is a clean out-of-range error", () => {
    const e = thrown(() => resolveUpgradeTarget(linear(), ["c000"], "head+1")) as RelativeRangeError;
    expect(e).toBeInstanceOf(RelativeRangeError);
    expect([e.code, e.exitCode, e.target, e.steps, e.from, e.available]).toEqual([
      "relative-out-of-range", 3, "head+1", 1, "c000", 0,
    ]);
    expect(e.message).toBe('Cannot resolve "head+1": only 0 of 1 steps up from "c000" are possible');
  });

  it("fails when a step goes past base or past the newest revision", () => {
    expect(thrown(() => resolveUpgradeTarget(labelled(), [], "feature@+4"))).toMatchObject({ available: 3, from: null });
    const e = thrown(() => resolveUpgradeTarget(linear(), [], "b000-3")) as RelativeRangeError;
    expect(e).toBeInstanceOf(RelativeRangeError);
    expect([e.steps, e.from, e.available]).toEqual([-3, "b000", 2]);
    expect(e.message).toBe('Cannot resolve "b000-3": only 2 of 3 steps down from "b000" are possible');
  });

  it("refuses to guess at a branch point, a merge point, several bases or several current heads", () => {
    const branch = thrown(() => resolveUpgradeTarget(labelled(), [], "+2")) as AmbiguousTargetError;
    expect(branch).toBeInstanceOf(AmbiguousTargetError);
    expect([branch.code, branch.exitCode, branch.reason, branch.at, branch.candidates]).toEqual([
      "ambiguous-target", 3, "branch-point", "a000", ["b100", "c100"],
    ]);
    expect(branch.message).toBe('Cannot resolve "+2": revision "a000" has 2 children: "b100", "c100"');
    const merge = thrown(() => resolveUpgradeTarget(diamond(), [], "d000-1")) as AmbiguousTargetError;
    expect([merge.reason, merge.at, merge.candidates]).toEqual(["merge-point", "d000", ["b000", "c000"]]);
    const bases = thrown(() => resolveUpgradeTarget(graphOf(rev("a000"), rev("b000")), [], "+1")) as AmbiguousTargetError;
    expect([bases.reason, bases.at, bases.candidates]).toEqual(["several-bases", null, ["a000", "b000"]]);
    const heads = thrown(() => resolveUpgradeTarget(labelled(), ["b100", "c100"], "+1")) as AmbiguousTargetError;
    expect([heads.reason, heads.candidates]).toEqual(["several-current-heads", ["b100", "c100"]]);
  });

  it("upgrade -1 is a usage error pointing at downgrade", () => {
    const e = thrown(() => resolveUpgradeTarget(linear(), ["c000"], "-1")) as TargetDirectionError;
    expect(e).toBeInstanceOf(TargetDirectionError);
    expect([e.code, e.exitCode, e.target, e.direction]).toEqual(["target-direction", 2, "-1", "upgrade"]);
    expect(e.message).toBe('Cannot upgrade to "-1": it moves down from the current heads');
    expect(e.hint).toBe("Use retort downgrade -1");
  });

  it("resolveTargetRevisions steps down from the single current head", () => {
    expect(resolveTargetRevisions(linear(), ["c000"], "-1")).toEqual(["b000"]);
  });
});

describe("resolveDowngradeTarget", () => {
  it("downgrade -1 fails as ambiguous when the database has several heads", () => {
    const e = thrown(() => resolveDowngradeTarget(labelled(), ["b200", "c200"], "-1")) as AmbiguousTargetError;
    expect(e).toBeInstanceOf(AmbiguousTargetError);
    expect([e.reason, e.candidates, e.exitCode]).toEqual(["several-current-heads", ["b200", "c200"], 3]);
    expect(e.message).toBe('Cannot resolve "-1": the database has 2 heads: "b200", "c200"');
  });

  it("label@-1 picks the current head on that branch", () => {
    expect(resolveDowngradeTarget(labelled(), ["b200", "c200"], "feature@-1")).toEqual({ roots: ["b200"], revisions: [] });
    expect(resolveDowngradeTarget(labelled(), ["b200", "c200"], "fix@-2")).toEqual({ roots: ["c100"], revisions: [] });
  });

  it("label@-N stays on the branch instead of removing a shared trunk", () => {
    expect(thrown(() => resolveDowngradeTarget(labelled(), ["c200"], "feature@-1"))).toMatchObject({ available: 0, from: null });
    const e = thrown(() => resolveDowngradeTarget(labelled(), ["b200", "c200"], "feature@-3")) as RelativeRangeError;
    expect(e).toBeInstanceOf(RelativeRangeError);
    expect([e.from, e.available]).toEqual(["b200", 2]);
  });

  it("a label covers the revisions below it down to the fork, as Alembic's labels do", () => {
    const g = graphOf(rev("a000"), rev("b100", "a000"), rev("b200", "b100", { labels: ["late"] }), rev("c100", "a000"));
    expect(resolveDowngradeTarget(g, ["b100", "c100"], "late@-1")).toEqual({ roots: ["b100"], revisions: [] });
  });

  it("-1 from a merge point undoes the merge; rev-1 from it must land on both parents", () => {
    expect(resolveDowngradeTarget(diamond(), ["d000"], "-1")).toEqual({ roots: ["d000"], revisions: [] });
    expect(resolveDowngradeTarget(diamond(), [], "d000-1")).toEqual({ roots: ["d000"], revisions: ["b000", "c000"] });
  });

  it("-N removes the last N revisions of the single head's line", () => {
    expect(resolveDowngradeTarget(linear(), ["c000"], "-3")).toEqual({ roots: ["a000"], revisions: [] });
    expect(thrown(() => resolveDowngradeTarget(linear(), ["c000"], "-4"))).toMatchObject({ available: 3, from: "c000" });
    expect(thrown(() => resolveDowngradeTarget(linear(), [], "-1"))).toBeInstanceOf(RelativeRangeError);
  });

  it("rev-N removes what lies above the revision it reaches", () => {
    expect(resolveDowngradeTarget(labelled(), [], "b200-1")).toEqual({ roots: ["b200"], revisions: ["b100"] });
    expect(resolveDowngradeTarget(labelled(), [], "b100-1")).toEqual({ roots: ["b100"], revisions: ["a000"] });
  });

  it("base removes every base; label@base removes the labelled revision and what is above it", () => {
    expect(resolveDowngradeTarget(labelled(), [], "base")).toEqual({ roots: ["a000"], revisions: [] });
    expect(resolveDowngradeTarget(labelled(), [], "fix@base")).toEqual({ roots: ["c100"], revisions: [] });
  });

  it("a revision removes its children; label@rev only the branch's child", () => {
    expect(resolveDowngradeTarget(labelled(), [], "a000")).toEqual({ roots: ["b100", "c100"], revisions: ["a000"] });
    expect(resolveDowngradeTarget(labelled(), [], "feature@a000")).toEqual({ roots: ["b100"], revisions: ["a000"] });
  });

  it("downgrade +1 is a usage error; head with two heads names both", () => {
    expect(thrown(() => resolveDowngradeTarget(linear(), ["a000"], "+1"))).toBeInstanceOf(TargetDirectionError);
    expect(thrown(() => resolveDowngradeTarget(labelled(), [], "heads"))).toMatchObject({ heads: ["b200", "c200"] });
  });
});
