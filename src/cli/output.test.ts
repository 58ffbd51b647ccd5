import { describe, expect, it } from "vitest";
import { createOutput, type Stream } from "./output.ts";

function capture(isTTY: boolean): Stream & { text: string } {
  const s = { text: "", isTTY, write: (t: string) => (s.text += t) };
  return s;
}

const label = "Running upgrade  -> 3f1c2a9b7d40, create users";

describe("progress output", () => {
  it("without a TTY prints one plain line per step, with its duration", () => {
    const stderr = capture(false);
    const out = createOutput({ stdout: capture(false), stderr, quiet: false, color: false, secrets: () => [] });
    out.progress({ kind: "step-start", index: 0, total: 2, label });
    out.progress({ kind: "step-done", index: 0, total: 2, label, ms: 12.4 });
    expect(stderr.text).toBe(`[1/2] ${label} ... 12 ms\n`);
    expect(stderr.text).not.toContain("\r");
  });

  it("on a TTY redraws the open step's line with the elapsed time", async () => {
    const stderr = capture(true);
    const out = createOutput({ stdout: capture(false), stderr, quiet: false, color: false, secrets: () => [] });
    out.progress({ kind: "step-start", index: 1, total: 3, label });
    await new Promise((r) => setTimeout(r, 450));
    out.progress({ kind: "step-done", index: 1, total: 3, label, ms: 1500 });
    const redraws = stderr.text.split("\r\x1b[K");
    expect(redraws.length).toBeGreaterThanOrEqual(3);
    expect(redraws.some((r) => /^\[2\/3\] Running upgrade .* \.\.\. \d+ ms$/.test(r))).toBe(true);
    expect(redraws.at(-1)).toBe(`[2/3] ${label} ... 1.50 s\n`);
  });

  it("-q prints errors but no progress", () => {
    const stderr = capture(false);
    const out = createOutput({ stdout: capture(false), stderr, quiet: true, color: false, secrets: () => [] });
    out.progress({ kind: "step-start", index: 0, total: 1, label });
    out.info("Nothing to upgrade");
    out.error("error: boom");
    expect(stderr.text).toBe("error: boom\n");
  });

  it("never prints a secret, in any stream", () => {
    const stderr = capture(false);
    const stdout = capture(false);
    const out = createOutput({ stdout, stderr, quiet: false, color: false, secrets: () => ["hunter2!"] });
    out.data("postgres://u:hunter2!@h/db");
    out.error("error: password hunter2%21 rejected");
    expect(stdout.text + stderr.text).not.toMatch(/hunter2/);
  });
});

describe("documents", () => {
  it("are remembered, so a failure after the run's document adds no second one", () => {
    const stdout = capture(false);
    const out = createOutput({ stdout, stderr: capture(false), quiet: true, color: false, secrets: () => [] });
    out.data("SELECT 1;");
    expect(out.hasDocument()).toBe(false);
    out.document('{ "command": "check" }');
    expect(out.hasDocument()).toBe(true);
    expect(stdout.text).toBe('SELECT 1;\n{ "command": "check" }\n');
  });
});
