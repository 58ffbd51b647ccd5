import { describe, expect, it } from "vitest";
import type { SequenceOptions } from "./model.ts";
import { narrowedRange } from "./sequences.ts";

const options = (o: Partial<SequenceOptions>): SequenceOptions => ({ type: "bigint", start: "1", increment: "1", min: "1", max: "9223372036854775807", cache: "1", cycle: false, ...o });

describe("narrowedRange", () => {
  it("restarts when the new range leaves out the old start, and says values may repeat", () => {
    const r = narrowedRange('"public"."s"', options({ start: "500" }), options({ max: "100" }));
    expect(r.restart).toBe(true);
    expect(r.warning).toContain("leaves out its old start 500");
  });

  it("does not restart a narrower range that still holds the old start, but warns that it may fail", () => {
    const r = narrowedRange('"public"."s"', options({}), options({ max: "100" }));
    expect(r).toEqual({ restart: false, warning: 'fails if the current value of "public"."s" lies outside its new range [1, 100]' });
  });

  it("says nothing when the range grows or stays", () => {
    expect(narrowedRange('"public"."s"', options({ max: "100" }), options({ min: "-5", start: "-5" }))).toEqual({ restart: false });
    expect(narrowedRange('"public"."s"', options({}), options({ increment: "2" }))).toEqual({ restart: false });
  });
});
