/**
 * (i) The embedded database (pglite: URLs). The README's first
 * command, `retort upgrade head` then `retort history` in the example project (its retort.toml
 * points at `pglite:./.retort/dev`), run for the very first time: a new data directory and a new,
 * empty HOME, RETORT_CACHE_DIR and TMPDIR, so nothing any earlier run left behind can help. Then
 * the same two commands again in the same place (a later run), and `current` on the data
 * directory they made. A local server's `current` is the yardstick. Every round starts from
 * nothing again; the four cases take turns within it.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "./database.ts";
import { databaseUrl } from "./database.ts";
import { describeError, summarize, timeWithRss, type Command, type Outcome } from "./measure.ts";
import type { Group } from "./workloads.ts";

export interface EmbeddedStartOptions {
  readonly retort: string;
  readonly repo: string;
  readonly workDir: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}

/** One measured case: its key, its title, and how to run it in a round's directory. */
interface EmbeddedCase {
  readonly key: string;
  readonly title: string;
  readonly run: (round: RoundDirectory) => { ms: number; rssKiB: number };
}

/** A round's fresh directory: the example project, and the empty places a first run starts from. */
interface RoundDirectory {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Runs (i) and returns one group per case. */
export async function embeddedStartWorkload(admin: Admin, o: EmbeddedStartOptions): Promise<Group[]> {
  const database = "bench_retort_embedded";
  await admin.fresh(database);
  const command = (round: RoundDirectory, ...args: string[]): Command => ({ file: o.retort, args, cwd: round.root, env: round.env });
  // The README's command is two processes: their times add up, and the larger peak RSS is the run's.
  const readmeCommand = (round: RoundDirectory) => {
    const upgrade = timeWithRss(command(round, "upgrade", "head"));
    const history = timeWithRss(command(round, "history"));
    return { ms: upgrade.ms + history.ms, rssKiB: Math.max(upgrade.rssKiB, history.rssKiB) };
  };
  const cases: EmbeddedCase[] = [
    {
      key: "i.first",
      title: "(i) the README's first command (`upgrade head`, then `history`), first run: new pglite: data directory, empty HOME, RETORT_CACHE_DIR and TMPDIR",
      run: readmeCommand,
    },
    { key: "i.later", title: "(i) the same two commands again, later, in the same directory", run: readmeCommand },
    { key: "i.current", title: "(i) `current` on that existing pglite: data directory", run: (round) => timeWithRss(command(round, "current")) },
    {
      key: "i.server",
      title: "(i) `current` on a PostgreSQL server, for scale",
      run: (round) => timeWithRss({ ...command(round, "current"), env: { ...round.env, DATABASE_URL: databaseUrl(database) } }),
    },
  ];
  const samples = new Map<string, { ms: number; rssKiB: number }[]>(cases.map((c) => [c.key, []]));
  const failures = new Map<string, string>();
  // Removed once every round is done. On ext4, a file created in a block group where many inodes
  // were freed within the last minute or so waits while the allocator passes over each of them
  // (recently_deleted, in ext4_create): a first run that unpacked its template right after the
  // previous round's 1,000 files went took 0.3 to 0.9 s more (extracting the template: 60 to 80
  // ms with no deletion before it, 460 to 880 ms right after one; `perf record`: 60% of the
  // time in recently_deleted). A first run on a machine that has never run retort pays nothing
  // of the kind.
  const rounds: string[] = [];
  try {
    for (let r = 0; r < o.runs; r++) {
      o.log(`(i) embedded database, round ${r + 1} of ${o.runs}`);
      const round = newRoundDirectory(o);
      rounds.push(round.root);
      for (const c of cases) {
        if (failures.has(c.key)) continue;
        try {
          samples.get(c.key)!.push(c.run(round));
        } catch (error) {
          failures.set(c.key, describeError(error));
        }
      }
    }
  } finally {
    for (const root of rounds) rmSync(root, { recursive: true, force: true });
    await admin.drop(database);
  }
  return cases.map((c): Group => {
    const failed = failures.get(c.key);
    const done = samples.get(c.key)!;
    const outcome: Outcome =
      failed !== undefined
        ? { kind: "failed", error: failed }
        : { kind: "ok", stats: summarize(done.map((s) => s.ms)), rssKiB: Math.max(...done.map((s) => s.rssKiB)) };
    return { key: c.key, title: c.title, outcomes: [{ name: "retort", outcome }] };
  });
}

/**
 * A new directory with a copy of the example project (retort.toml and migrations/) and an
 * environment where retort has never run: HOME, RETORT_CACHE_DIR and TMPDIR new and empty, no
 * XDG_CACHE_HOME (the cache would go there), and no DATABASE_URL (it would win over retort.toml).
 */
function newRoundDirectory(o: EmbeddedStartOptions): RoundDirectory {
  const root = mkdtempSync(join(o.workDir, "pglite-"));
  copyFileSync(join(o.repo, "retort.toml"), join(root, "retort.toml"));
  cpSync(join(o.repo, "migrations"), join(root, "migrations"), { recursive: true });
  const home = join(root, "home");
  const cache = join(root, "cache");
  const tmp = join(root, "tmp");
  for (const dir of [home, cache, tmp]) mkdirSync(dir);
  return { root, env: { HOME: home, RETORT_CACHE_DIR: cache, TMPDIR: tmp, XDG_CACHE_HOME: undefined, DATABASE_URL: undefined } };
}
