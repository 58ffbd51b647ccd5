import { describe, expect, test } from "vitest";
import { compareTrace, lockModeFromPg, strongestLockOn, type StatementObservation } from "./trace-compare.ts";
import type { Finding } from "./types.ts";

/** An observation of statement 0 of a.sql's upgrade section; `over` sets what was seen. */
function seen(over: Partial<StatementObservation> = {}): StatementObservation {
  return { file: "a.sql", section: "upgrade", statement: 0, text: "…", kind: "AlterTableStmt", locks: [], heldBefore: [], rewrote: [], builtIndexes: [], sampled: false, locksSeen: true, ...over };
}

/** A finding on statement 0 of a.sql's upgrade section. */
function claim(over: Partial<Finding> = {}): Finding {
  return { rule: "r", severity: "error", message: "m", file: "a.sql", section: "upgrade", statement: 0, offset: 0, table: "public.t", ...over };
}

const AE = { table: "public.t", mode: "ACCESS EXCLUSIVE" } as const;

describe("lockModeFromPg", () => {
  test("maps pg_locks modes to the SQL names, and nothing else", () => {
    expect(lockModeFromPg("ShareUpdateExclusiveLock")).toBe("SHARE UPDATE EXCLUSIVE");
    expect(lockModeFromPg("AccessExclusiveLock")).toBe("ACCESS EXCLUSIVE");
    expect(lockModeFromPg("AccessShareLock")).toBe("ACCESS SHARE");
    expect(lockModeFromPg("SIReadLock")).toBeUndefined();
    expect(lockModeFromPg("toString")).toBeUndefined();
  });
});

describe("strongestLockOn", () => {
  test("takes the strongest lock on the table itself, not on its indexes", () => {
    const locks = [{ table: "public.t", mode: "ACCESS SHARE" }, { table: "public.t", mode: "SHARE" }, { table: "public.t", mode: "ACCESS EXCLUSIVE", index: "public.t_pkey" }, AE] as const;
    expect(strongestLockOn(locks.slice(0, 3), "public.t")).toBe("SHARE");
    expect(strongestLockOn(locks, "public.t")).toBe("ACCESS EXCLUSIVE");
    expect(strongestLockOn(locks, "public.u")).toBeUndefined();
  });
});

describe("compareTrace", () => {
  test("agrees when the claimed lock and rewrite are what was seen", () => {
    const [s] = compareTrace([seen({ locks: [AE], rewrote: ["public.t"] })], [claim({ lock: "ACCESS EXCLUSIVE", rewrites: true })]);
    expect(s).toMatchObject({ agreesWithLint: true, disagreements: [] });
  });

  test("a claimed rewrite that did not happen", () => {
    const [s] = compareTrace([seen({ locks: [AE] })], [claim({ rule: "changing-column-type", lock: "ACCESS EXCLUSIVE", rewrites: true })]);
    expect(s!.disagreements).toEqual(["changing-column-type claims a rewrite of public.t, but it was not rewritten"]);
    expect(s!.agreesWithLint).toBe(false);
  });

  test("a rewrite no finding claims: unflagged, or flagged without the rewrite", () => {
    const [unflagged] = compareTrace([seen({ locks: [AE], rewrote: ["public.t"] })], []);
    expect(unflagged!.disagreements).toEqual(["no rule flagged the rewrite of public.t under ACCESS EXCLUSIVE"]);
    const [flagged] = compareTrace([seen({ locks: [AE], rewrote: ["public.t"] })], [claim({ lock: "ACCESS EXCLUSIVE", rewrites: false })]);
    expect(flagged!.disagreements).toEqual(["public.t was rewritten under ACCESS EXCLUSIVE, but no finding claims a rewrite"]);
  });

  test("a wrong lock names the claimed and the seen mode; a lock not seen at all says so, and whether it was sampled", () => {
    const [wrong] = compareTrace([seen({ locks: [{ table: "public.t", mode: "SHARE" }] })], [claim({ rule: "x", lock: "ACCESS EXCLUSIVE" })]);
    expect(wrong!.disagreements).toEqual(["x claims ACCESS EXCLUSIVE on public.t, but the strongest lock seen on it was SHARE"]);
    const [missing] = compareTrace([seen({ sampled: true })], [claim({ rule: "x", lock: "SHARE UPDATE EXCLUSIVE" })]);
    expect(missing!.disagreements).toEqual(["x claims SHARE UPDATE EXCLUSIVE on public.t, but no lock on it was seen (sampled while it ran)"]);
  });

  test("lock claims are left unchecked where locks could not be watched; rewrites are still checked", () => {
    const [s] = compareTrace([seen({ sampled: true, locksSeen: false })], [claim({ lock: "SHARE UPDATE EXCLUSIVE", rewrites: true })]);
    expect(s!.disagreements).toEqual(["r claims a rewrite of public.t, but it was not rewritten"]);
  });

  test("a lock the transaction already held at least as strongly is no disagreement", () => {
    const [s] = compareTrace([seen({ heldBefore: [AE] })], [claim({ lock: "SHARE" })]);
    expect(s!.agreesWithLint).toBe(true);
    const [weaker] = compareTrace([seen({ heldBefore: [{ table: "public.t", mode: "ROW EXCLUSIVE" }] })], [claim({ lock: "SHARE" })]);
    expect(weaker!.agreesWithLint).toBe(false);
  });

  test("an index build under SHARE or ACCESS EXCLUSIVE with no finding; not under SHARE UPDATE EXCLUSIVE", () => {
    const built = [{ index: "public.t_a_idx", table: "public.t" }];
    const [share] = compareTrace([seen({ kind: "IndexStmt", locks: [{ table: "public.t", mode: "SHARE" }], builtIndexes: built })], []);
    expect(share!.disagreements).toEqual(["no rule flagged the build of index public.t_a_idx on public.t under SHARE"]);
    const [pk] = compareTrace([seen({ locks: [AE], builtIndexes: built })], []);
    expect(pk!.disagreements).toEqual(["no rule flagged the build of index public.t_a_idx on public.t under ACCESS EXCLUSIVE"]);
    const [concurrent] = compareTrace([seen({ kind: "IndexStmt", locks: [{ table: "public.t", mode: "SHARE UPDATE EXCLUSIVE" }], builtIndexes: built, sampled: true })], []);
    expect(concurrent!.agreesWithLint).toBe(true);
    const [flagged] = compareTrace([seen({ kind: "IndexStmt", locks: [{ table: "public.t", mode: "SHARE" }], builtIndexes: built })], [claim({ lock: "SHARE" })]);
    expect(flagged!.agreesWithLint).toBe(true);
  });

  test("a rewrite's rebuilt indexes are reported once, as the rewrite", () => {
    const [s] = compareTrace([seen({ locks: [AE], rewrote: ["public.t"], builtIndexes: [{ index: "public.t_pkey", table: "public.t" }] })], []);
    expect(s!.disagreements).toEqual(["no rule flagged the rewrite of public.t under ACCESS EXCLUSIVE"]);
  });

  test("TRUNCATE's new empty file is not a rewrite", () => {
    const [s] = compareTrace([seen({ kind: "TruncateStmt", locks: [AE], rewrote: ["public.t"] })], []);
    expect(s!.agreesWithLint).toBe(true);
  });

  test("a rewrite claimed on a partitioned table is seen on its partitions", () => {
    const parents = new Map([["public.t_2025", "public.t"], ["public.t_2025_q1", "public.t_2025"]]);
    const [s] = compareTrace([seen({ locks: [AE], rewrote: ["public.t_2025_q1"] })], [claim({ lock: "ACCESS EXCLUSIVE", rewrites: true })], parents);
    expect(s!.agreesWithLint).toBe(true);
  });

  test("findings of other statements, sections or files do not count", () => {
    const others = [claim({ statement: 1, rewrites: true }), claim({ section: "downgrade", rewrites: true }), claim({ file: "b.sql", rewrites: true })];
    const [s] = compareTrace([seen({ locks: [AE], rewrote: ["public.t"] })], others);
    expect(s!.disagreements).toEqual(["no rule flagged the rewrite of public.t under ACCESS EXCLUSIVE"]);
  });

  test("findings that claim nothing about locks or rewrites do not disagree", () => {
    const [s] = compareTrace([seen()], [claim(), claim({ table: undefined })]);
    expect(s!.agreesWithLint).toBe(true);
  });
});
