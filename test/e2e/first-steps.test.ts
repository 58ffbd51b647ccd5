/**
 * What new users ran into first: messages that pointed the wrong way, and commands that printed
 * nothing where they should have said why.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { freePort } from "../support/cluster.ts";

/** A project with a versions directory and no revision in it. */
function emptyProject(): string {
  const dir = tempProject("first_steps");
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
  return dir;
}

describe("-c and --env-file naming a file that does not exist", () => {
  it("an absolute path is not said to be relative to the current directory", async () => {
    const dir = emptyProject();
    const missing = join(dir, "nowhere", "retort.toml");
    const r = await runRetort(["-c", missing, "heads"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("given by --config");
    expect(r.stderr).toContain("Check the path, or leave out --config to use the default");
    expect(r.stderr).not.toContain("relative");
    const env = await runRetort(["--env-file", join(dir, "missing.env"), "heads"], { cwd: dir });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("leave out --env-file");
  });

  it("a relative path still says where it was looked for", async () => {
    const dir = emptyProject();
    const r = await runRetort(["-c", "other/retort.toml", "heads"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("The path is relative to the current directory");
  });
});

describe("wait giving up", () => {
  it("does not tell the user to run `retort wait`, and names the option that waits longer", async () => {
    const port = await freePort();
    const dir = tempProject("wait_hint");
    const url = `postgres://postgres@127.0.0.1:${port}/db`;
    const r = await runRetort(["wait", "--timeout", "500ms", "--url", url], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/gave up after \d+ attempts in 500 ms/);
    expect(r.stderr).not.toContain("retort wait");
    expect(r.stderr).toContain("wait longer with --timeout");
    const json = await runRetort(["wait", "--timeout", "500ms", "--url", url, "--json"], { cwd: dir });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: "wait-timeout", exitCode: 4 });
    const upgrade = await runRetort(["upgrade", "head", "--wait", "--wait-timeout", "500ms", "--url", url], { cwd: emptyProject() });
    expect(upgrade.code).toBe(4);
    expect(upgrade.stderr).toContain("wait longer with --wait-timeout");
  });
});

describe("a project with no revisions", () => {
  it("heads says there are none (and where it looked), exit 0; --json gives an empty list", async () => {
    const dir = emptyProject();
    const r = await runRetort(["heads"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("No revisions yet in migrations/versions");
    expect(r.stderr).toContain('retort revision -m "…"');
    const json = await runRetort(["heads", "--json"], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ command: "heads", heads: [] });
  });

  it("show head says there are none, exit 0", async () => {
    const r = await runRetort(["show", "head"], { cwd: emptyProject() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("No revisions yet in migrations/versions");
  });
});
