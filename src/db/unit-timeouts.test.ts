import { describe, expect, it } from "vitest";
import { pgDuration, sourceOf, TimeoutsInForce, withTimeouts } from "./unit-timeouts.ts";

const t = { lockTimeoutMs: 500, statementTimeoutMs: 600_000, retryBudgetMs: 300_000 };
const texts = (sent: readonly { readonly text: string }[]): string[] => sent.map((s) => s.text.split("(")[0]!.trim());

describe("the timeouts sent with a revision's statements", () => {
  it("spells durations as PostgreSQL reads them", () => {
    expect([500, 5_000, 600_000, 0, 1_500].map(pgDuration)).toEqual(["'500ms'", "'5s'", "'10min'", "'0ms'", "'1500ms'"]);
  });

  it("sets the timeouts first and lifts statement_timeout around a statement whose waits block nobody, mapping failures back", () => {
    const sent = withTimeouts([{ text: "ALTER TABLE a ADD COLUMN b int" }, { text: "ALTER TABLE a VALIDATE CONSTRAINT c" }], t);
    expect(sent.map((s) => s.source)).toEqual([undefined, 0, undefined, 1, undefined]);
    expect(sent[0]!.text).toContain("set_config('lock_timeout', '500ms', true)");
    expect(sent[2]!.text).toContain("set_config('statement_timeout', '0', true)");
    expect([0, 1, 2, 3, 4].map((i) => sourceOf(sent, i))).toEqual([0, 0, 1, 1, 1]);
  });

  it("sends a revision's timeouts only when they differ from those in force or the revision before may have changed them", () => {
    const inForce = new TimeoutsInForce(t);
    const first = (statements: string[], timeouts = t) => texts(inForce.statementsFor(statements.map((text) => ({ text })), timeouts))[0];
    expect(first(["CREATE TABLE a (id int)"])).toBe("CREATE TABLE a");
    expect(first(["SET lock_timeout = '9s'"])).toBe("SET lock_timeout = '9s'");
    expect(first(["CREATE TABLE b (id int)"])).toBe("select pg_backend_pid");
    expect(first(["CREATE TABLE c (id int)"], { ...t, lockTimeoutMs: 4_000 })).toBe("select pg_backend_pid");
    expect(first(["SELECT set_config('statement_timeout', '1h', true)"])).toBe("select pg_backend_pid");
    expect(first(["CREATE TABLE d (id int)"])).toBe("select pg_backend_pid");
    inForce.forget();
    expect(first(["CREATE TABLE e (id int)"])).toBe("select pg_backend_pid");
  });
});
