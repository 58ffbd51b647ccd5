import { describe, expect, it } from "vitest";
import { parsePgbenchLog, worstStartedDuring } from "./pgbench-log.ts";

// Lines as pgbench 15 writes them: client, transaction, time (µs), script, epoch s, µs[, lag µs].
const unrated = ["0 1 40964 0 1796519874 59800", "1 1 11000000 0 1796519885 500000", ""].join("\n");
const rated = ["4 2 12523 0 1796519881 889064 10370", "6 1 25850 0 1796519881 897520 127", ""].join("\n");

describe("parsePgbenchLog", () => {
  it("dates each transaction from its completion time minus its latency", () => {
    const [first, blocked] = parsePgbenchLog(unrated, { rated: false });
    expect(first).toEqual({ client: 0, startedMs: 1796519874059.8 - 40.964, finishedMs: 1796519874059.8, latencyMs: 40.964 });
    expect(blocked!.latencyMs).toBe(11_000);
    expect(blocked!.startedMs).toBeCloseTo(1796519874500, 3);
  });

  it("takes the schedule lag out of the latency under --rate, so a transaction starts when it really began", () => {
    const [late] = parsePgbenchLog(rated, { rated: true });
    expect(late!.latencyMs).toBeCloseTo(2.153, 6);
    expect(late!.startedMs).toBeCloseTo(1796519881889.064 - 2.153, 3);
  });

  it("leaves out transactions that never completed", () => {
    expect(parsePgbenchLog("3 7 skipped 0 1796519881 889064 10370\n", { rated: true })).toEqual([]);
  });

  it("names the line it cannot read", () => {
    expect(() => parsePgbenchLog("0 1 40964 0 1796519874 59800\n0 2 409", { rated: false })).toThrow(/line 2: expected at least 6 fields/);
    expect(() => parsePgbenchLog("0 1 40964 0 17965x9874 59800", { rated: false })).toThrow(/line 1: expected whole numbers/);
    expect(() => parsePgbenchLog("0 1 4.5 0 1796519874 59800", { rated: false })).toThrow(/line 1: the transaction time "4.5" is not a number/);
  });

  it("reads the retries field after the lag without taking it for one", () => {
    const [t] = parsePgbenchLog("2 9 5000 0 1796519881 0 1000 3\n", { rated: true });
    expect(t!.latencyMs).toBe(4);
  });
});

describe("worstStartedDuring", () => {
  const at = (startedMs: number, latencyMs: number) => ({ client: 0, startedMs, finishedMs: startedMs + latencyMs, latencyMs });
  const transactions = [at(900, 5_000), at(1_000, 10), at(1_500, 11_000), at(3_000, 20), at(3_001, 9_000)];

  it("counts only the transactions that started inside the window, bounds included", () => {
    expect(worstStartedDuring(transactions, 1_000, 3_000)).toEqual({ started: 3, worstMs: 11_000 });
  });

  it("ignores a slow transaction that started before the window", () => {
    expect(worstStartedDuring(transactions, 1_000, 1_200)).toEqual({ started: 1, worstMs: 10 });
  });

  it("has no worst latency when nothing started", () => {
    expect(worstStartedDuring(transactions, 4_000, 5_000)).toEqual({ started: 0, worstMs: undefined });
  });
});
