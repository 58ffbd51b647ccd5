/**
 * Shell completion as a user gets it: the scripts `retort completion <shell>` prints, loaded the way
 * the README says, completing commands, options, and the revision ids and branch labels of the
 * project in the current directory (read at each TAB, without a database).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { binaryPath, runRetort, tempProject } from "../support/binary.ts";
import { requireCommand } from "../support/prerequisites.ts";
import { writeSqlRevision } from "../support/project.ts";


let dir: string;
let env: Record<string, string>;
/** The command names `retort --help` lists. */
let commands: string[];

const USERS = "a1b2c3d4e5f6";
const EMAIL = "b1b2c3d4e5f6";
const BILLING = "c0ffee000001";
const INVOICES = "c0ffee000002";
const OTHER = "0123456789ab";

beforeAll(async () => {
  dir = tempProject("completion");
  writeSqlRevision(dir, { id: USERS, message: "create users", upgrade: "create table users (id int);" });
  writeSqlRevision(dir, { id: EMAIL, down: USERS, message: "add email", upgrade: "alter table users add email text;" });
  writeSqlRevision(dir, { id: BILLING, message: "billing", labels: ["billing"], upgrade: "create schema billing;" });
  writeSqlRevision(dir, { id: INVOICES, down: BILLING, message: "invoices", upgrade: "create table billing.invoices (id int);" });
  // A second project, reached only through --config.
  mkdirSync(join(dir, "other"));
  writeSqlRevision(join(dir, "other"), { id: OTHER, message: "elsewhere", upgrade: "select 1;" });
  writeFileSync(join(dir, "other", "other.toml"), 'script_location = "migrations"\n');
  // `retort` on PATH, as an installed binary is.
  const bin = mkdtempSync(join(tmpdir(), "retort-completion-bin-"));
  symlinkSync(binaryPath, join(bin, "retort"));
  env = { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, TERM: "xterm" };
  const help = await runRetort(["--help"], { cwd: dir });
  const section = help.stdout.slice(help.stdout.indexOf("\nCommands:\n")).split("\n\n")[0]!;
  commands = [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!);
});

/** Drives the bash script the way bash does at a TAB (see the script). */
const bashDriver = join(import.meta.dirname, "../support/bash-complete.sh");

function bashComplete(line: string, cwd = dir): string[] {
  const r = spawnSync("bash", ["--norc", "--noprofile", bashDriver, line], { cwd, env, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "");
}

const targets = ["head", "heads", "base", "billing", "billing@head", "billing@base", USERS, EMAIL, BILLING, INVOICES];

describe("bash", () => {
  it("completes the command names --help lists, and a prefix of one", () => {
    expect(bashComplete("retort ").sort()).toEqual([...commands].sort());
    expect(commands).toEqual(expect.arrayContaining(["upgrade", "downgrade", "history", "completion"]));
    expect(bashComplete("retort up")).toEqual(["upgrade"]);
    expect(bashComplete("retort -q st")).toEqual(["stamp"]);
  });

  it("completes each command's own options and the global ones", () => {
    const upgrade = bashComplete("retort upgrade --");
    expect(upgrade).toEqual(expect.arrayContaining(["--sql", "--wait", "--wait-timeout", "--no-lock", "--help", "--config", "--json"]));
    expect(upgrade).not.toContain("--autogenerate");
    expect(bashComplete("retort revision --a")).toEqual(["--autogenerate"]);
    expect(bashComplete("retort --v")).toEqual(["--version-table", "--version"]);
  });

  it("completes the project's revision ids, branch labels and symbolic targets", () => {
    expect(bashComplete("retort upgrade ").sort()).toEqual([...targets].sort());
    expect(bashComplete("retort downgrade ").sort()).toEqual([...targets].sort());
    expect(bashComplete("retort show a1")).toEqual([USERS]);
    expect(bashComplete(`retort merge ${EMAIL} c0ffee`).sort()).toEqual([BILLING, INVOICES]);
    expect(bashComplete("retort revision -m x --head bil")).toEqual(["billing", "billing@head", "billing@base"]);
  });

  it("keeps completing a command that takes several revisions, and stops after a single target", () => {
    expect(bashComplete("retort stamp head b").sort()).toEqual(["base", "billing", "billing@head", "billing@base", EMAIL].sort());
    expect(bashComplete("retort upgrade head ")).toEqual([]);
  });

  it("completes after @ and in history ranges, replacing only what readline replaces", () => {
    // bash splits "billing@h" into billing, @, h and readline replaces "@h" (its word starts at @).
    expect(bashComplete("retort upgrade billing@h")).toEqual(["@head"]);
    // In a range, readline replaces what follows the colon.
    expect(bashComplete("retort history -r a1b2:c0ffee0").sort()).toEqual([BILLING, INVOICES]);
    expect(bashComplete("retort history -r a1b2:cur")).toEqual(["current"]);
    expect(bashComplete("retort history --rev-range=b1b2:bi")).toEqual(["billing", "billing@head", "billing@base"]);
  });

  it("reads the project that -c/--config on the line names", () => {
    expect(bashComplete("retort -c other/other.toml upgrade 0")).toEqual([OTHER]);
    expect(bashComplete("retort upgrade --config=other/other.toml 0")).toEqual([OTHER]);
    expect(bashComplete("retort upgrade 0")).toEqual([]);
  });

  it("completes files, directories and fixed choices", () => {
    expect(bashComplete("retort --config=other/oth")).toEqual(["other/other.toml"]);
    expect(bashComplete("retort -c other/oth")).toEqual(["other/other.toml"]);
    expect(bashComplete("retort init mig")).toEqual(["migrations"]);
    expect(bashComplete("retort completion ")).toEqual(["bash", "zsh", "fish"]);
    expect(bashComplete("retort help upg")).toEqual(["upgrade"]);
  });

  it("offers no revision, and prints nothing, where there is no project or a broken one", async () => {
    const empty = tempProject("completion-empty");
    expect(bashComplete("retort upgrade ", empty)).toEqual([]);
    const none = await runRetort(["__complete", "revisions"], { cwd: empty });
    expect(none).toEqual({ code: 0, stdout: "", stderr: "" });

    const broken = tempProject("completion-broken");
    writeSqlRevision(broken, { id: USERS, down: "ffffffffffff", message: "orphan", upgrade: "select 1;" });
    writeFileSync(join(broken, "retort.toml"), "script_location = [\n");
    expect(await runRetort(["__complete", "revisions"], { cwd: broken })).toEqual({ code: 0, stdout: "", stderr: "" });
    writeFileSync(join(broken, "retort.toml"), "");
    expect(await runRetort(["__complete", "revisions"], { cwd: broken })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("describes each word for the shells that show descriptions", async () => {
    const r = await runRetort(["__complete", "revisions"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual(expect.arrayContaining([`${EMAIL}\tadd email (head)`, `${USERS}\tcreate users`, "billing@head\tthe head of branch billing"]));
    const range = await runRetort(["__complete", "range"], { cwd: dir });
    expect(range.stdout).toContain("current\t");
    expect(r.stdout).not.toContain("current\t");
  });
});

/**
 * Types `line` and a TAB into an interactive shell on a terminal (util-linux `script`), then
 * echoes the line as the shell's own completion left it.
 */
function typeWithTab(shell: "bash" | "zsh", setup: string, line: string, cwd = dir): string {
  const argv = shell === "bash" ? "bash --norc --noprofile -i" : "zsh -f -i";
  // Ctrl-A and Ctrl-E wrap the completed line in `echo "LINE<…>"` (emacs key bindings).
  const input = `${setup}\n${line}\t\x01echo "LINE<\x05>"\nexit\n`;
  const r = spawnSync("script", ["-qec", argv, "/dev/null"], { cwd, env, input, encoding: "utf8", timeout: 30_000 });
  const shown = [...r.stdout.replaceAll("\r", "").matchAll(/LINE<(retort[^>\n]*)>/g)].map((m) => m[1]!);
  expect(shown, r.stdout).not.toHaveLength(0);
  return shown.at(-1)!.trimEnd();
}


describe("bash, typed on a terminal", () => {
  beforeAll(() => requireCommand("script", "bsdutils"));

  const setup = "source <(retort completion bash)";
  it("completes what readline replaces: after @, after a colon, and file names", () => {
    expect(typeWithTab("bash", setup, "retort upgrade billing@h")).toBe("retort upgrade billing@head");
    expect(typeWithTab("bash", setup, "retort history -r a1b2:c0ffee000002 --ind")).toBe("retort history -r a1b2:c0ffee000002 --indicate-current");
    expect(typeWithTab("bash", setup, "retort history -r a1b2:b1")).toBe(`retort history -r a1b2:${EMAIL}`);
    expect(typeWithTab("bash", setup, "retort --config=other/oth")).toBe("retort --config=other/other.toml");
  });
});

describe("zsh", () => {
  beforeAll(() => {
    requireCommand("script", "bsdutils");
    requireCommand("zsh", "zsh");
  });

  const evalSetup = 'autoload -Uz compinit; compinit -u; eval "$(retort completion zsh)"; bindkey -e';

  it("passes zsh -n", () => {
    const file = join(dir, "_retort.zsh");
    writeFileSync(file, spawnSync("retort", ["completion", "zsh"], { cwd: dir, env, encoding: "utf8" }).stdout);
    const r = spawnSync("zsh", ["-n", file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("completes commands, options, revision ids, labels and ranges (loaded with eval)", () => {
    expect(typeWithTab("zsh", evalSetup, "retort upg")).toBe("retort upgrade");
    expect(typeWithTab("zsh", evalSetup, "retort upgrade --wait-t")).toBe("retort upgrade --wait-timeout");
    expect(typeWithTab("zsh", evalSetup, "retort upgrade a1")).toBe(`retort upgrade ${USERS}`);
    expect(typeWithTab("zsh", evalSetup, "retort upgrade billing@h")).toBe("retort upgrade billing@head");
    expect(typeWithTab("zsh", evalSetup, "retort history -r a1b2:c0ffee000002 --ind")).toBe("retort history -r a1b2:c0ffee000002 --indicate-current");
    expect(typeWithTab("zsh", evalSetup, "retort history -r a1b2:b1")).toBe(`retort history -r a1b2:${EMAIL}`);
    expect(typeWithTab("zsh", evalSetup, "retort -c other/other.toml show 01")).toBe(`retort -c other/other.toml show ${OTHER}`);
  });

  it("works as a file in $fpath, as the README installs it", () => {
    const fpathDir = mkdtempSync(join(tmpdir(), "retort-fpath-"));
    writeFileSync(join(fpathDir, "_retort"), spawnSync("retort", ["completion", "zsh"], { cwd: dir, env, encoding: "utf8" }).stdout);
    const setup = `fpath=(${fpathDir} $fpath); autoload -Uz compinit; compinit -u -d ${fpathDir}/.zcompdump; bindkey -e`;
    expect(typeWithTab("zsh", setup, "retort sho")).toBe("retort show");
    expect(typeWithTab("zsh", setup, "retort show b1")).toBe(`retort show ${EMAIL}`);
  });
});

describe("fish", () => {
  beforeAll(() => requireCommand("fish", "fish"));

  /** Loads the script with `retort completion fish | source` and asks fish what it completes. */
  function fishComplete(line: string): string[] {
    const r = spawnSync("fish", ["--no-config", "-c", `retort completion fish | source; complete -C ${JSON.stringify(line)}`], { cwd: dir, env, encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter((l) => l !== "");
  }

  it("passes fish -n", () => {
    const file = join(dir, "retort.fish");
    writeFileSync(file, spawnSync("retort", ["completion", "fish"], { cwd: dir, env, encoding: "utf8" }).stdout);
    const r = spawnSync("fish", ["--no-config", "-n", file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("completes commands and options, with their descriptions", () => {
    expect(fishComplete("retort ").map((l) => l.split("\t")[0]).sort()).toEqual([...commands].sort());
    expect(fishComplete("retort upg")).toEqual(["upgrade\tapply revisions up to a target"]);
    expect(fishComplete("retort upgrade --no")).toEqual(expect.arrayContaining(["--no-lock\tdo not take the migration lock (for transaction-pooling proxies such as pgbouncer)"]));
  });

  it("completes revision ids and labels with what they are, and ranges", () => {
    const words = fishComplete("retort upgrade ");
    expect(words.map((l) => l.split("\t")[0]).sort()).toEqual([...targets].sort());
    expect(words).toContain(`${EMAIL}\tadd email (head)`);
    expect(fishComplete("retort upgrade billing@h")).toEqual(["billing@head\tthe head of branch billing"]);
    expect(fishComplete("retort history -r a1b2:c0ffee000002 --ind")).toEqual(["--indicate-current\tmark the revisions applied to the database"]);
    expect(fishComplete("retort history -r a1b2:b1")).toEqual([`a1b2:${EMAIL}\tadd email (head)`]);
    expect(fishComplete("retort -c other/other.toml show ").map((l) => l.split("\t")[0]).sort()).toEqual(["head", "heads", "base", OTHER].sort());
    expect(fishComplete("retort upgrade head ")).toEqual([]);
  });
});
