/**
 * The standard streams' terminal check (cli/std-streams.ts) under Bun, whose node:tty it avoids
 * loading where it can: a pipe, a file and /dev/null are no terminal, a pseudo-terminal is one.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support/binary.ts";

const bun = join(repoRoot, "node_modules", ".bin", "bun");
const probe = join(repoRoot, "test", "support", "std-streams-probe.ts");
const dir = mkdtempSync(join(tmpdir(), "retort-std-streams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(stdio: ["ignore", number | "pipe" | "ignore", number | "pipe" | "ignore"], name: string): { report: { stdout: boolean; stderr: boolean }; stderr: string } {
  const report = join(dir, `${name}.json`);
  const r = spawnSync(bun, [probe], { stdio, env: { ...process.env, PROBE_REPORT: report }, encoding: "utf8", timeout: 60_000 });
  expect(r.status, String(r.stderr)).toBe(0);
  return { report: JSON.parse(readFileSync(report, "utf8")), stderr: r.stderr ?? "" };
}

describe("standardStream(…).isTTY", () => {
  it("is false on a pipe, and what is written still arrives", () => {
    const { report, stderr } = run(["ignore", "pipe", "pipe"], "pipe");
    expect(report).toEqual({ stdout: false, stderr: false });
    expect(stderr).toBe("to stderr\n");
  });

  it("is false on a file", () => {
    const file = join(dir, "log.txt");
    const fd = openSync(file, "w");
    try {
      expect(run(["ignore", fd, fd], "file").report).toEqual({ stdout: false, stderr: false });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, "utf8")).toBe("to stderr\n");
  });

  it("is false on /dev/null, a character device", () => {
    const fd = openSync("/dev/null", "w");
    try {
      expect(run(["ignore", fd, fd], "null").report).toEqual({ stdout: false, stderr: false });
    } finally {
      closeSync(fd);
    }
  });

  it("is true on a pseudo-terminal", () => {
    // util-linux's script(1) runs the probe with its standard streams on a new pseudo-terminal.
    const report = join(dir, "pty.json");
    const r = spawnSync("script", ["-qec", `${bun} ${probe}`, "/dev/null"], { env: { ...process.env, PROBE_REPORT: report }, encoding: "utf8", timeout: 60_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(JSON.parse(readFileSync(report, "utf8"))).toEqual({ stdout: true, stderr: true });
  });
});
