import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.ts";
import { InvalidDurationError } from "./errors.ts";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1.5s", 1_500],
    ["0s", 0],
    ["1h30m", 5_400_000],
    ["1m 30s", 90_000],
    [" 30 s ", 30_000],
    ["0.5ms", 1],
  ])("reads %j as %i ms", (text, ms) => {
    expect(parseDuration(text, "--lock-timeout")).toBe(ms);
  });

  it("refuses a bare number and suggests the unit", () => {
    const error = (() => {
      try {
        parseDuration("30", '"lock_timeout" in retort.toml');
      } catch (e) {
        return e as InvalidDurationError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidDurationError);
    expect(error?.message).toBe('Invalid duration "30" from "lock_timeout" in retort.toml: it has no unit');
    expect(error?.hint).toBe('Add a unit: "30s" for seconds or "30ms" for milliseconds');
    expect(error?.exitCode).toBe(2);
  });

  it.each(["", "s", "30 sec", "-5s", "5d", "1e3ms", "30S", "5m garbage", "Infinity"])("rejects %j naming where it came from", (text) => {
    expect(() => parseDuration(text, "RETORT_LOCK_TIMEOUT in .env")).toThrow(/from RETORT_LOCK_TIMEOUT in \.env: expected a number/);
  });

  it("rejects durations a timer cannot hold", () => {
    expect(parseDuration("596h", "x")).toBe(2_145_600_000);
    expect(() => parseDuration("597h", "x")).toThrow(/longer than 24 days/);
  });
});
