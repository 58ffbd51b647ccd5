/**
 * (i) The embedded database (pglite: URLs): how long retort takes, and how much memory, to open
 * one. Four cases, each its own process, `runs` times: a new data directory with no template
 * cache (initdb in WebAssembly), a new data directory from the cached template, an existing data
 * directory, and the example project's `upgrade head` on pglite:memory. A local server's
 * `current` is the yardstick.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "./database.ts";
import { databaseUrl } from "./database.ts";
import { summarize, timeWithRss, type Command, type Outcome } from "./measure.ts";
import type { Group } from "./workloads.ts";

export interface EmbeddedStartOptions {
  readonly retort: string;
  readonly repo: string;
  readonly workDir: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}

export async function embeddedStartWorkload(admin: Admin, o: EmbeddedStartOptions): Promise<Group[]> {
  const root = mkdtempSync(join(o.workDir, "pglite-"));
  cpSync(join(o.repo, "migrations"), join(root, "migrations"), { recursive: true });
  const cache = join(root, "cache");
  const run = (url: string, args: string[], cacheDir: string): Command => ({ file: o.retort, args: ["-q", "--url", url, ...args], cwd: root, env: { RETORT_CACHE_DIR: cacheDir, HOME: root } });
  let fresh = 0;
  const newDir = () => `pglite:./data-${fresh++}`;
  // Warm the template cache and make the directory the "existing" case opens.
  timeWithRss(run("pglite:./existing", ["upgrade", "head"], cache));

  const database = "bench_retort_embedded";
  await admin.fresh(database);
  const cases: [key: string, title: string, command: () => Command][] = [
    ["i.initdb", "(i) `current` on a new pglite: data directory, no template cache (initdb)", () => run(newDir(), ["current"], "off")],
    ["i.template", "(i) `current` on a new pglite: data directory, from the cached template", () => run(newDir(), ["current"], cache)],
    ["i.existing", "(i) `current` on an existing pglite: data directory", () => run("pglite:./existing", ["current"], cache)],
    ["i.memory", "(i) `upgrade head` of the example project (5 revisions) on pglite:memory", () => run("pglite:memory", ["upgrade", "head"], cache)],
    ["i.server", "(i) `current` on a PostgreSQL server, for scale", () => run(databaseUrl(database), ["current"], cache)],
  ];
  const groups: Group[] = [];
  for (const [key, title, command] of cases) {
    o.log(title);
    let outcome: Outcome;
    try {
      const samples = Array.from({ length: o.runs }, () => timeWithRss(command()));
      outcome = { kind: "ok", stats: summarize(samples.map((s) => s.ms)), rssKiB: Math.max(...samples.map((s) => s.rssKiB)) };
    } catch (error) {
      outcome = { kind: "failed", error: error instanceof Error ? error.message : String(error) };
    }
    groups.push({ key, title, outcomes: [{ name: "retort", outcome }] });
  }
  await admin.drop(database);
  rmSync(root, { recursive: true, force: true });
  return groups;
}
