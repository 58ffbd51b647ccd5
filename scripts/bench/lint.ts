/**
 * (k) The lint: `retort lint --all` over the (b) project (cold, one process, no database), and its
 * share of an `upgrade head` that applies the same 300 revisions: the same apply with
 * lint_on_upgrade "warn" (the default) and "off", and "warn" with none of the parses an earlier
 * run cached, interleaved, each on a fresh database.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "./database.ts";
import { tableMigrations } from "./generate.ts";
import { measureCases, type Repetitions } from "./measure.ts";
import type { Tool } from "./peers.ts";
import type { Group } from "./workloads.ts";

export interface LintBenchOptions {
  readonly retort: Tool;
  readonly admin: Admin;
  readonly workDir: string;
  readonly migrations: number;
  readonly fast: Repetitions;
  readonly fresh: Repetitions;
  readonly log: (line: string) => void;
}

export async function lintWorkload(opts: LintBenchOptions): Promise<Group[]> {
  const dir = join(opts.workDir, "k", "retort");
  opts.retort.writeProject(dir, tableMigrations(opts.migrations));
  const lintTitle = `(k) \`lint --all\`, ${opts.migrations} revisions, no database`;
  opts.log(lintTitle);
  const lint = { file: opts.retort.version(dir).file, args: ["lint", "--all"], cwd: dir, env: {} };
  const lintOutcomes = await measureCases([{ name: "retort", command: lint }], opts.fast);

  // What upgrade's lint does before the first statement: read the catalog, parse and lint the
  // pending revisions as one deploy; beside it, the process start alone (`--version`).
  const pendingTitle = `(k) \`lint\` of ${opts.migrations} pending revisions (database connected), beside \`--version\``;
  opts.log(pendingTitle);
  await opts.admin.fresh(opts.retort.database);
  const pending = { ...opts.retort.upgrade(dir, opts.retort.database), args: ["lint"] };
  const pendingOutcomes = await measureCases(
    [
      { name: "lint pending", command: pending },
      { name: "--version", command: opts.retort.version(dir) },
    ],
    opts.fast,
  );

  const upgradeTitle = `(k) apply ${opts.migrations} revisions: lint_on_upgrade "warn" (default) against "off", and "warn" with no parses cached`;
  opts.log(upgradeTitle);
  const upgrade = opts.retort.upgrade(dir, opts.retort.database);
  const fresh = () => opts.admin.fresh(opts.retort.database);
  // A cache directory of this workload's own: "warn" finds the parses an earlier run kept there, the last case has them removed first.
  const cacheDir = join(opts.workDir, "k", "cache");
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const withLint = (mode: string) => ({ ...upgrade, env: { ...upgrade.env, RETORT_LINT_ON_UPGRADE: mode, RETORT_CACHE_DIR: cacheDir } });
  const noParsesCached = async () => {
    await fresh();
    for (const name of readdirSync(cacheDir)) if (name.startsWith("parsed-")) rmSync(join(cacheDir, name));
  };
  const upgradeOutcomes = await measureCases(
    [
      { name: "lint warn", command: withLint("warn"), setup: fresh },
      { name: "lint off", command: withLint("off"), setup: fresh },
      { name: "lint warn, no parses cached", command: withLint("warn"), setup: noParsesCached },
    ],
    opts.fresh,
  );
  return [
    { key: "k.lint", title: lintTitle, outcomes: [{ name: "retort", outcome: lintOutcomes.get("retort")! }] },
    { key: "k.pending", title: pendingTitle, outcomes: ["lint pending", "--version"].map((name) => ({ name, outcome: pendingOutcomes.get(name)! })) },
    {
      key: "k.upgrade",
      title: upgradeTitle,
      outcomes: ["lint warn", "lint off", "lint warn, no parses cached"].map((name) => ({ name, outcome: upgradeOutcomes.get(name)! })),
    },
  ];
}
