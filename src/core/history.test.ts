import { describe, expect, it } from "vitest";
import { RangeNotAncestorError, RangeSyntaxError, UsageError } from "./errors.ts";
import { FULL_HISTORY, parseHistoryRange, walkHistory, type HistoryEntry } from "./history.ts";
import { diamond, graphOf, rev, thrown } from "./_testing.ts";

const ids = (entries: HistoryEntry[]) => entries.map((e) => e.revision.id);
const chain = () => graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "b000"), rev("d000", "c000"), rev("e000", "d000"));

describe("parseHistoryRange", () => {
  it("parses both bounds, either of which may be empty", () => {
    expect(parseHistoryRange("a000:c000")).toEqual({
      lower: { kind: "target", target: { text: "a000", kind: "revision", ident: "a000" } },
      upper: { kind: "target", target: { text: "c000", kind: "revision", ident: "c000" } },
    });
    expect(parseHistoryRange("a000:").upper).toEqual({ kind: "heads" });
    expect(parseHistoryRange(":c000").lower).toEqual({ kind: "base" });
    expect(parseHistoryRange(":")).toEqual(FULL_HISTORY);
  });

  it("parses current and a relative lower bound", () => {
    expect(parseHistoryRange(":current")).toEqual({ lower: { kind: "base" }, upper: { kind: "current" } });
    expect(parseHistoryRange("-3:")).toEqual({ lower: { kind: "below", steps: 3 }, upper: { kind: "heads" } });
    expect(parseHistoryRange("-3:current")).toEqual({ lower: { kind: "below", steps: 3 }, upper: { kind: "current" } });
    expect(parseHistoryRange("current:")).toEqual({ lower: { kind: "current" }, upper: { kind: "heads" } });
  });

  it.each([
    ["a000", 'it needs a ":" between the lower and upper bound'],
    ["a:b:c", 'it has more than one ":"'],
    ["-0:", '"-0" must step down at least 1'],
  ])("rejects %j as a usage error", (text, reason) => {
    const e = thrown(() => parseHistoryRange(text)) as RangeSyntaxError;
    expect(e).toBeInstanceOf(RangeSyntaxError);
    expect(e).toBeInstanceOf(UsageError);
    expect([e.code, e.exitCode, e.range, e.reason]).toEqual(["range-syntax", 2, text, reason]);
    expect(e.message).toBe(`Invalid history range "${text}": ${reason}`);
  });
});

describe("walkHistory", () => {
  it("lists the whole history newest first, with flags", () => {
    const entries = walkHistory(diamond(), FULL_HISTORY, ["b000"]);
    // Alembic's order: down_revision (b000, c000) is walked in the order written.
    expect(ids(entries)).toEqual(["d000", "b000", "c000", "a000"]);
    const flags = entries.map((e) => [e.isHead, e.isBase, e.isBranchPoint, e.isMergePoint, e.isCurrent]);
    expect(flags).toEqual([
      [true, false, false, true, false],
      [false, false, false, false, true],
      [false, false, false, false, false],
      [false, true, true, false, false],
    ]);
  });

  it("a:b is what lies between, both included", () => {
    expect(ids(walkHistory(chain(), parseHistoryRange("b000:d000"), []))).toEqual(["d000", "c000", "b000"]);
    expect(ids(walkHistory(chain(), parseHistoryRange("c000:"), []))).toEqual(["e000", "d000", "c000"]);
    expect(ids(walkHistory(chain(), parseHistoryRange(":b000"), []))).toEqual(["b000", "a000"]);
  });

  it("current resolves to the version-table rows", () => {
    expect(ids(walkHistory(chain(), parseHistoryRange(":current"), ["c000"]))).toEqual(["c000", "b000", "a000"]);
    expect(ids(walkHistory(chain(), parseHistoryRange("current:"), ["c000"]))).toEqual(["e000", "d000", "c000"]);
    expect(walkHistory(chain(), parseHistoryRange(":current"), [])).toEqual([]);
  });

  it("-N: lists N revisions below the upper bound, stopping at base", () => {
    expect(ids(walkHistory(chain(), parseHistoryRange("-1:current"), ["c000"]))).toEqual(["c000", "b000"]);
    expect(ids(walkHistory(chain(), parseHistoryRange("-2:"), []))).toEqual(["e000", "d000", "c000"]);
    expect(ids(walkHistory(chain(), parseHistoryRange("-9:b000"), []))).toEqual(["b000", "a000"]);
  });

  it("-N: goes down both sides of a merge instead of failing", () => {
    expect(ids(walkHistory(diamond(), parseHistoryRange("-1:"), []))).toEqual(["d000", "b000", "c000"]);
  });

  it("includes depends_on revisions below the upper bound, as Alembic does", () => {
    const g = graphOf(rev("core1"), rev("net1"), rev("net2", "net1", { dependsOn: ["core1"] }));
    expect(ids(walkHistory(g, parseHistoryRange(":net2"), []))).toEqual(["net2", "net1", "core1"]);
  });

  it("takes the range as text too, and rejects an unknown version-table row", () => {
    expect(ids(walkHistory(chain(), "d000:", []))).toEqual(["e000", "d000"]);
    expect(thrown(() => walkHistory(chain(), ":current", ["ffff00"]))).toMatchObject({ origin: "version-table" });
  });

  it("fails when the lower bound is not an ancestor of the upper", () => {
    const e = thrown(() => walkHistory(chain(), parseHistoryRange("d000:b000"), [])) as RangeNotAncestorError;
    expect(e).toBeInstanceOf(RangeNotAncestorError);
    expect([e.code, e.exitCode, e.lower, e.upper]).toEqual(["range-not-ancestor", 3, "d000", ["b000"]]);
    expect(e.message).toBe('Revision "d000" is not an ancestor of "b000"');
    const sideways = thrown(() => walkHistory(diamond(), parseHistoryRange("b000:c000"), [])) as RangeNotAncestorError;
    expect(sideways.lower).toBe("b000");
  });
});
