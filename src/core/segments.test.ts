import { describe, expect, it } from "vitest";
import { planDowngrade, planUpgrade, type Plan } from "./plan.ts";
import { bookkeepingSegment, layoutSegments, type Segment, type SegmentStep } from "./segments.ts";
import { diamond, graphOf, linearChain, rev } from "./_testing.ts";

/** A step as a runner would hand it over: with a body the layout must pass through untouched. */
interface TestStep extends SegmentStep {
  readonly body: string;
}

/** The plan's steps, `transaction: false` for the ids in `nonTransactional`. */
function stepsOf(plan: Plan, nonTransactional: readonly string[] = []): TestStep[] {
  return plan.steps.map((step) => ({
    step,
    transactional: !nonTransactional.includes(step.revision.id),
    checksum: `sum-${step.revision.id}`,
    body: `body of ${step.revision.id}`,
  }));
}

/** A segment as one line: kind, step ids, whether it creates the tables, its version changes. */
function summary(segments: readonly Segment<TestStep>[]): string[] {
  return segments.map((s) => {
    const changes = s.versionChanges.map((c) => (c.op === "update" ? `${c.from}->${c.to}` : `${c.op} ${c.revision}`));
    return `${s.kind} [${s.steps.map((x) => x.step.revision.id).join(" ")}]${s.createTables ? " +tables" : ""} ${changes.join(", ")}`;
  });
}

const fiveSteps = graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "b000"), rev("d000", "c000"), rev("e000", "d000"));
const wholeRun = { headsBefore: [], transactionPerMigration: false, tablesExist: false };

describe("layoutSegments", () => {
  it("puts the whole run in one transaction by default, creating the tables in it", () => {
    const plan = planUpgrade(fiveSteps, [], "head");
    expect(summary(layoutSegments(stepsOf(plan), wholeRun))).toEqual(["transaction [a000 b000 c000 d000 e000] +tables insert e000"]);
  });

  it("splits the run around a transaction: false revision in the middle", () => {
    const plan = planUpgrade(fiveSteps, [], "head");
    expect(summary(layoutSegments(stepsOf(plan, ["c000"]), wholeRun))).toEqual([
      "transaction [a000 b000] +tables insert b000",
      "no-transaction [c000] b000->c000",
      "transaction [d000 e000] c000->e000",
    ]);
  });

  it("creates the tables before a transaction: false revision that comes first", () => {
    const plan = planUpgrade(fiveSteps, [], "b000");
    expect(summary(layoutSegments(stepsOf(plan, ["a000"]), wholeRun))).toEqual(["no-transaction [a000] +tables insert a000", "transaction [b000] a000->b000"]);
  });

  it("gives each step its own transaction per migration, and the tables to the first only", () => {
    const plan = planUpgrade(fiveSteps, ["a000"], "d000");
    const segments = layoutSegments(stepsOf(plan, ["c000"]), { headsBefore: plan.headsBefore, transactionPerMigration: true, tablesExist: false });
    expect(summary(segments)).toEqual(["transaction [b000] +tables a000->b000", "no-transaction [c000] b000->c000", "transaction [d000] c000->d000"]);
  });

  it("creates no table when they are known to exist", () => {
    const plan = planUpgrade(fiveSteps, ["c000"], "head");
    expect(summary(layoutSegments(stepsOf(plan, ["d000"]), { ...wholeRun, headsBefore: plan.headsBefore, tablesExist: true }))).toEqual([
      "no-transaction [d000] c000->d000",
      "transaction [e000] d000->e000",
    ]);
  });

  it("moves the version table once per segment through a merge", () => {
    const graph = diamond();
    const plan = planUpgrade(graph, ["b000", "c000"], "head");
    expect(summary(layoutSegments(stepsOf(plan), { ...wholeRun, headsBefore: plan.headsBefore, tablesExist: true }))).toEqual([
      "transaction [d000] b000->d000, delete c000",
    ]);
    const all = planUpgrade(graph, [], "head");
    expect(summary(layoutSegments(stepsOf(all), { ...wholeRun, transactionPerMigration: true }))).toEqual([
      "transaction [a000] +tables insert a000",
      "transaction [b000] a000->b000",
      "transaction [c000] insert c000",
      "transaction [d000] b000->d000, delete c000",
    ]);
  });

  it("writes one history row per step, in order, with its direction and checksum", () => {
    const plan = planDowngrade(fiveSteps, ["e000"], "c000");
    const [segment] = layoutSegments(stepsOf(plan), { ...wholeRun, headsBefore: plan.headsBefore, tablesExist: true });
    expect(segment!.history).toEqual([
      { revision: "e000", direction: "downgrade", message: "revision e000", checksum: "sum-e000" },
      { revision: "d000", direction: "downgrade", message: "revision d000", checksum: "sum-d000" },
    ]);
    expect(summary([segment!])).toEqual(["transaction [e000 d000] e000->c000"]);
  });

  it("keeps the caller's steps as they are, whatever they run (a TS step's function too)", () => {
    const plan = planUpgrade(fiveSteps, [], "c000");
    const run = async (): Promise<void> => undefined;
    const steps = stepsOf(plan).map((s, i) => (i === 1 ? { ...s, run } : { ...s, run: undefined }));
    const segments = layoutSegments(steps, wholeRun);
    expect(segments[0]!.steps).toEqual(steps);
    expect(segments[0]!.steps[1]).toBe(steps[1]);
    expect(segments[0]!.steps[1]!.run).toBe(run);
  });

  it("lays out an empty plan as no segment: nothing is written, not even the tables", () => {
    expect(layoutSegments([], wholeRun)).toEqual([]);
  });

  it("lays out 10,000 steps around every hundredth transaction: false revision", () => {
    const { graph, ids } = linearChain(10_000);
    const plan = planUpgrade(graph, [], "head");
    const segments = layoutSegments(stepsOf(plan, ids.filter((_, i) => i % 100 === 99)), wholeRun);
    expect(segments).toHaveLength(200);
    expect(segments.reduce((n, s) => n + s.steps.length, 0)).toBe(10_000);
    expect(segments.at(-1)!.versionChanges).toEqual([{ op: "update", from: ids[9_998], to: ids[9_999] }]);
  });
});

describe("bookkeepingSegment", () => {
  it("is one transaction with no step, for a stamp's changes and rows", () => {
    const history = [{ revision: "b000", direction: "stamp" as const, message: "revision b000", checksum: "sum" }];
    const changes = [{ op: "update" as const, from: "a000", to: "b000" }];
    expect(bookkeepingSegment({ tablesExist: false, versionChanges: changes, history })).toEqual({
      kind: "transaction",
      steps: [],
      createTables: true,
      versionChanges: changes,
      history,
    });
    expect(bookkeepingSegment({ tablesExist: true, versionChanges: [], history: [] }).createTables).toBe(false);
  });
});
