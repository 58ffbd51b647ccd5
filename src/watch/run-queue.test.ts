import { describe, expect, it } from "vitest";
import { RunQueue } from "./run-queue.ts";

describe("RunQueue", () => {
  it("never overlaps runs, and folds requests made during a run into one more", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => {};
    const queue = new RunQueue(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await new Promise<void>((r) => (release = r));
      active--;
    }, () => undefined);
    queue.request();
    queue.request();
    queue.request();
    queue.request();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await queue.idle();
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it("a failing job is reported and does not stop later requests", async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const queue = new RunQueue(async () => {
      runs++;
      throw new Error("boom");
    }, (err) => errors.push(err));
    queue.request();
    await queue.idle();
    queue.request();
    await queue.idle();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
