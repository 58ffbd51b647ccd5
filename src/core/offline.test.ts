import { describe, expect, it } from "vitest";
import {
  ExitCode,
  MultipleHeadsError,
  OfflineRangeDirectionError,
  OfflineRangeRequiredError,
  OfflineRangeSyntaxError,
  TargetNotAllowedError,
  TargetSyntaxError,
  UsageError,
} from "./errors.ts";
import { offlineStartRows, parseOfflineRange, planOffline } from "./offline.ts";
import type { Plan } from "./plan.ts";
import { crossDeps, diamond, labelled, linear, linearChain, thrown } from "./_testing.ts";

/** A plan as `[revision, changes]` rows, easy to compare. */
function summary(plan: Plan): [string, string][] {
  return plan.steps.map((s) => [
    s.revision.id,
    s.versionChanges.map((c) => (c.op === "update" ? `update ${c.from}->${c.to}` : `${c.op} ${c.revision}`)).join(", "),
  ]);
}


describe("parseOfflineRange", () => {
  it("upgrade without a range starts from base, as Alembic's upgrade --sql does", () => {
    expect(parseOfflineRange("head", "upgrade")).toEqual({ from: undefined, to: "head" });
  });

  it("splits from:to; an empty or base start is base", () => {
    expect(parseOfflineRange("a000:c000", "upgrade")).toEqual({ from: "a000", to: "c000" });
    expect(parseOfflineRange(":c000", "upgrade")).toEqual({ from: undefined, to: "c000" });
    expect(parseOfflineRange("base:heads", "upgrade")).toEqual({ from: undefined, to: "heads" });
    expect(parseOfflineRange("feature@head:base", "downgrade")).toEqual({ from: "feature@head", to: "base" });
  });

  it("accepts a relative target that counts from the range's start (head:-1, Flask-Migrate's default)", () => {
    expect(parseOfflineRange("head:-1", "downgrade")).toEqual({ from: "head", to: "-1" });
    expect(parseOfflineRange("a000:+2", "upgrade")).toEqual({ from: "a000", to: "+2" });
    expect(parseOfflineRange("head-1:head", "upgrade")).toEqual({ from: "head-1", to: "head" });
  });

  it("downgrade --sql without a range is a usage error, as in Alembic", () => {
    const e = thrown(() => parseOfflineRange("-1", "downgrade")) as OfflineRangeRequiredError;
    expect(e).toBeInstanceOf(OfflineRangeRequiredError);
    expect(e).toBeInstanceOf(UsageError);
    expect([e.code, e.exitCode, e.target]).toEqual(["offline-range-required", ExitCode.usage, "-1"]);
    expect(e.message).toBe('Cannot downgrade to "-1" with --sql: offline mode needs a range "<from>:<to>"');
    expect(e.hint).toBe('There is no database to read the current revision from; give it first, such as "head:-1"');
  });

  it.each([
    ["a:b:c", "upgrade", 'it has more than one ":"'],
    ["a000:", "upgrade", 'nothing comes after ":"'],
    [":a000", "downgrade", 'nothing comes before ":", and a downgrade must start from a revision'],
  ] as const)("rejects %j for %s: %s", (text, direction, reason) => {
    const e = thrown(() => parseOfflineRange(text, direction)) as OfflineRangeSyntaxError;
    expect(e).toBeInstanceOf(OfflineRangeSyntaxError);
    expect([e.code, e.exitCode, e.range, e.reason]).toEqual(["offline-range-syntax", ExitCode.usage, text, reason]);
    expect(e.message).toBe(`Invalid --sql range "${text}": ${reason}`);
  });

  it("rejects a malformed target at either end", () => {
    expect(thrown(() => parseOfflineRange("a@@b:head", "upgrade"))).toBeInstanceOf(TargetSyntaxError);
    expect(thrown(() => parseOfflineRange("head:", "downgrade"))).toBeInstanceOf(OfflineRangeSyntaxError);
    expect(thrown(() => parseOfflineRange("", "downgrade"))).toBeInstanceOf(TargetSyntaxError);
  });

  it("refuses a relative step with nothing to count from", () => {
    const e = thrown(() => parseOfflineRange("+1", "upgrade")) as TargetNotAllowedError;
    expect(e).toBeInstanceOf(TargetNotAllowedError);
    expect([e.code, e.exitCode, e.target, e.rule]).toEqual(["target-not-allowed", ExitCode.usage, "+1", "relative-offline"]);
    expect(e.message).toBe(
      'Cannot use "+1" with --sql: a relative step counts from the current heads, and there is no database',
    );
    expect(e.hint).toBe('Give the revision to count from as the start of a range, such as "ae10:+1" or "head:-1"');
    expect(thrown(() => parseOfflineRange("-1:head", "upgrade"))).toMatchObject({ target: "-1", rule: "relative-offline" });
    expect(thrown(() => parseOfflineRange("base:+1", "upgrade"))).toMatchObject({ target: "+1" });
    expect(thrown(() => parseOfflineRange("feature@-1:base", "downgrade"))).toMatchObject({ target: "feature@-1" });
  });
});

describe("planOffline", () => {
  it("upgrade --sql without a range plans from an empty version table", () => {
    const plan = planOffline(linear(), "head", "upgrade");
    expect(plan.headsBefore).toEqual([]);
    expect(summary(plan)).toEqual([
      ["a000", "insert a000"],
      ["b000", "update a000->b000"],
      ["c000", "update b000->c000"],
    ]);
  });

  it("upgrade a:b starts as if the version table held a", () => {
    const plan = planOffline(linear(), "a000:c000", "upgrade");
    expect(plan.headsBefore).toEqual(["a000"]);
    expect(summary(plan)).toEqual([
      ["b000", "update a000->b000"],
      ["c000", "update b000->c000"],
    ]);
    expect(summary(planOffline(linear(), "a000:+1", "upgrade"))).toEqual([["b000", "update a000->b000"]]);
  });

  it("downgrade b:a removes what lies between, newest first", () => {
    expect(summary(planOffline(linear(), "c000:base", "downgrade"))).toEqual([
      ["c000", "update c000->b000"],
      ["b000", "update b000->a000"],
      ["a000", "delete a000"],
    ]);
    expect(summary(planOffline(linear(), "c000:a000", "downgrade"))).toEqual([
      ["c000", "update c000->b000"],
      ["b000", "update b000->a000"],
    ]);
  });

  it("downgrade head:-1 counts from the range's start", () => {
    expect(summary(planOffline(linear(), "head:-1", "downgrade"))).toEqual([["c000", "update c000->b000"]]);
    expect(summary(planOffline(diamond(), "head:-1", "downgrade"))).toEqual([["d000", "insert b000, update d000->c000"]]);
  });

  it("a start naming several heads stands for several rows", () => {
    const plan = planOffline(labelled(), "heads:fix@base", "downgrade");
    expect(plan.headsBefore).toEqual(["b200", "c200"]);
    expect(summary(plan)).toEqual([
      ["c200", "update c200->c100"],
      ["c100", "delete c100"],
    ]);
    expect(summary(planOffline(labelled(), "feature@head:fix@head", "upgrade"))).toEqual([
      ["c100", "insert c100"],
      ["c200", "update c100->c200"],
    ]);
  });

  it("applies depends_on first, from a start on another base", () => {
    expect(summary(planOffline(crossDeps(), "core1:net@head", "upgrade"))).toEqual([
      ["net1", "insert net1"],
      ["net2", "delete net1, update core1->net2"],
    ]);
  });

  it("accepts a parsed range as well as its text, and checks it the same way", () => {
    expect(summary(planOffline(linear(), { from: "b000", to: "c000" }, "upgrade"))).toEqual([["c000", "update b000->c000"]]);
    expect(thrown(() => planOffline(linear(), { from: undefined, to: "+1" }, "upgrade"))).toBeInstanceOf(TargetNotAllowedError);
  });

  it("upgrade c:a is a reversed range, not an empty script", () => {
    const e = thrown(() => planOffline(linear(), "c000:a000", "upgrade")) as OfflineRangeDirectionError;
    expect(e).toBeInstanceOf(OfflineRangeDirectionError);
    expect([e.code, e.exitCode, e.direction, e.from, e.target, e.revision]).toEqual([
      "offline-range-direction", ExitCode.scripts, "upgrade", ["c000"], "a000", "a000",
    ]);
    expect(e.message).toBe('Cannot upgrade from "c000" to "a000" with --sql: revision "a000" is below "c000"');
    expect(e.hint).toBe('Put the older revision first: "<from>:<to>"');
    expect(planOffline(linear(), "c000:c000", "upgrade").steps).toEqual([]);
  });

  it("downgrade a:c, or from base to anything, is a reversed range", () => {
    const e = thrown(() => planOffline(linear(), "a000:c000", "downgrade")) as OfflineRangeDirectionError;
    expect(e).toBeInstanceOf(OfflineRangeDirectionError);
    expect([e.direction, e.from, e.target, e.revision]).toEqual(["downgrade", ["a000"], "c000", "c000"]);
    expect(e.message).toBe('Cannot downgrade from "a000" to "c000" with --sql: revision "c000" is not below "a000"');
    expect(e.hint).toBe('Put the newer revision first: "<from>:<to>"');
    const fromBase = thrown(() => planOffline(linear(), "base:a000", "downgrade")) as OfflineRangeDirectionError;
    expect(fromBase.message).toBe('Cannot downgrade from base to "a000" with --sql: revision "a000" is not below base');
    expect(planOffline(linear(), "base:base", "downgrade").steps).toEqual([]);
  });

  it("offlineStartRows gives the rows a range starts from, for stamp --sql", () => {
    expect(offlineStartRows(labelled(), parseOfflineRange("heads:base", "downgrade"))).toEqual(["b200", "c200"]);
    expect(offlineStartRows(labelled(), parseOfflineRange("base:heads", "upgrade"))).toEqual([]);
  });

  it("a start of head with two heads fails and names both", () => {
    expect(thrown(() => planOffline(labelled(), "head:base", "downgrade"))).toBeInstanceOf(MultipleHeadsError);
  });

  it("plans head:-500 on a 10,000-revision chain", () => {
    const { graph, ids } = linearChain(10_000);
    const plan = planOffline(graph, "head:-500", "downgrade");
    expect(plan.steps).toHaveLength(500);
    expect(plan.headsAfter).toEqual([ids[9_499]]);
  });
});
