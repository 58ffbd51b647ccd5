import { describe, expect, it } from "vitest";
import { retryPauseMs, revisionTimeouts, unitRetryBudget } from "./lock-retry.ts";

const configured = { lockTimeoutMs: 500, statementTimeoutMs: 600_000, retryBudgetMs: 300_000 };

describe("lock retry rules", () => {
  it("pauses grow with each attempt up to a cap, jittered down by at most half", () => {
    const top = (n: number) => retryPauseMs(n, () => 0.999999);
    const bottom = (n: number) => retryPauseMs(n, () => 0);
    expect([1, 2, 3, 4].map(top)).toEqual([200, 300, 450, 675]);
    expect(bottom(1)).toBe(100);
    expect(top(50)).toBe(3_000);
    expect(bottom(50)).toBe(1_500);
  });

  it("a revision's header overrides only what it names", () => {
    expect(revisionTimeouts(configured, { lockTimeoutMs: 5_000 })).toEqual({ ...configured, lockTimeoutMs: 5_000 });
    expect(revisionTimeouts(configured, undefined)).toEqual(configured);
  });

  it("a unit of several revisions gets the largest budget any of them asks for", () => {
    expect(unitRetryBudget(configured, [undefined, { retryBudgetMs: 900_000 }])).toBe(900_000);
    expect(unitRetryBudget(configured, [{ retryBudgetMs: 1_000 }, undefined])).toBe(300_000);
    expect(unitRetryBudget(configured, [{ retryBudgetMs: 1_000 }])).toBe(1_000);
    expect(unitRetryBudget(configured, [])).toBe(300_000);
  });
});
