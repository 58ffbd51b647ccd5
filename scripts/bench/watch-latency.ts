/**
 * Workload (h): watch mode, from the write of the head file to the report line on stdout, over
 * `saves` saves on a base of `tables` tables; retort's `watch` against graphile-migrate's `watch`
 * on the equivalent change (its current.sql must be re-runnable, so it drops what it creates).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { databaseUrl, type Admin } from "./database.ts";
import { summarize, type Outcome } from "./measure.ts";

/** A long-running watcher whose stdout lines are counted as they arrive. */
interface Watcher {
  readonly child: ChildProcess;
  /** Resolves at the first stdout line matching `done` that arrives after `after`, with its time. */
  next(after?: number): Promise<number>;
  stop(): Promise<void>;
}

function startWatcher(file: string, args: string[], cwd: string, env: Record<string, string>, done: RegExp): Watcher {
  const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let buffer = "";
  let stderr = "";
  const waiting: ((at: number) => void)[] = [];
  let seen = 0;
  let taken = 0;
  const arrivals: number[] = [];
  child.stdout!.on("data", (d: Buffer) => {
    const at = performance.now();
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      if (!done.test(line)) continue;
      seen++;
      arrivals.push(at);
      const resolve = waiting.shift();
      if (resolve) resolve(arrivals[taken++]!);
    }
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return {
    child,
    next: (after = 0) =>
      new Promise<number>((resolve, reject) => {
        // A report from before `after` belongs to an earlier save (an extra run): skip it.
        while (taken < seen) {
          const at = arrivals[taken++]!;
          if (at >= after) return resolve(at);
        }
        waiting.push(resolve);
        void exited.then(() => reject(new Error(`${file} exited: ${stderr.slice(-500)}`)));
        setTimeout(() => reject(new Error(`${file}: no report within 30 s: ${stderr.slice(-500)}`)), 30_000).unref();
      }),
    async stop() {
      child.kill("SIGINT");
      await exited;
    },
  };
}

/** Saves `text` at `path` and returns how long until the watcher reports, in milliseconds. */
async function timedSave(watcher: Watcher, path: string, text: string): Promise<number> {
  const started = performance.now();
  const reported = watcher.next(started);
  writeFileSync(path, text);
  return (await reported) - started;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (0–100) of `samples`, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function baseTables(tables: number): string {
  return Array.from({ length: tables }, (_, i) => `CREATE TABLE base_${i + 1} (id int PRIMARY KEY, v text);`).join("\n");
}

async function measureRetort(admin: Admin, opts: WatchBenchOptions): Promise<number[]> {
  const dir = join(opts.workDir, "h", "retort");
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  const header = (id: string, down: string) => `-- ${id}\n--\n-- revision: ${id}\n-- down_revision: ${down}\n\n-- migrate:upgrade\n`;
  writeFileSync(join(versions, "0000000000a1_base.sql"), `${header("0000000000a1", "")}${baseTables(opts.tables)}\n`);
  const head = join(versions, "0000000000b2_head.sql");
  const headText = (k: number) => `${header("0000000000b2", "0000000000a1")}CREATE TABLE w (id int, c_${k} int);\n\n-- migrate:downgrade\nDROP TABLE w;\n`;
  writeFileSync(head, headText(0));
  await admin.fresh("bench_watch_retort");
  const env = { DATABASE_URL: databaseUrl("bench_watch_main"), SCRATCH_DATABASE_URL: databaseUrl("bench_watch_retort"), HOME: dir };
  const watcher = startWatcher(opts.retort, ["watch"], dir, env, /^✓ /);
  try {
    await watcher.next(); // the initial build
    return await saves(watcher, head, headText, opts.saves);
  } finally {
    await watcher.stop();
    await admin.drop("bench_watch_retort");
    // The template watch keeps beside its scratch database.
    await admin.drop("bench_watch_retort_base");
  }
}

async function measureGraphile(admin: Admin, opts: WatchBenchOptions, cli: string): Promise<number[]> {
  const dir = join(opts.workDir, "h", "graphile-migrate");
  mkdirSync(join(dir, "migrations"), { recursive: true });
  await admin.fresh("bench_watch_graphile");
  await admin.run("bench_watch_graphile", baseTables(opts.tables));
  writeFileSync(join(dir, ".gmrc"), JSON.stringify({ connectionString: databaseUrl("bench_watch_graphile") }));
  const current = join(dir, "migrations", "current.sql");
  // graphile-migrate re-runs current.sql on top of its previous run, so it must clean up itself.
  const currentText = (k: number) => `DROP TABLE IF EXISTS w;\nCREATE TABLE w (id int, c_${k} int);\n`;
  writeFileSync(current, currentText(0));
  const watcher = startWatcher(process.env.NODE_BINARY ?? "node", [cli, "watch"], dir, {}, /: Finished \(/);
  try {
    await watcher.next(); // the run on start
    return await saves(watcher, current, currentText, opts.saves);
  } finally {
    await watcher.stop();
    await admin.drop("bench_watch_graphile");
  }
}

/** `count` saves of new content, each timed from the write to the report; a pause lets each settle. */
async function saves(watcher: Watcher, path: string, text: (k: number) => string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let k = 1; k <= count; k++) {
    await pause(400);
    samples.push(await timedSave(watcher, path, text(k)));
  }
  return samples;
}

export interface WatchBenchOptions {
  readonly tables: number;
  readonly saves: number;
  readonly retort: string;
  readonly repo: string;
  readonly workDir: string;
  readonly log: (line: string) => void;
}

/** Both tools' save-to-report latencies, as a group with the p90s in its title. */
export async function watchWorkload(admin: Admin, opts: WatchBenchOptions): Promise<{ key: string; title: string; outcomes: { name: string; outcome: Outcome }[] }> {
  const base = `(h) watch: save → report, ${opts.saves} saves over ${opts.tables} tables`;
  opts.log(base);
  const outcomes: { name: string; outcome: Outcome }[] = [];
  const p90s: string[] = [];
  const record = async (name: string, measure: () => Promise<number[]>) => {
    try {
      const samples = await measure();
      outcomes.push({ name, outcome: { kind: "ok", stats: summarize(samples) } });
      p90s.push(`${name} ${percentile(samples, 90).toFixed(0)} ms`);
    } catch (error) {
      outcomes.push({ name, outcome: { kind: "failed", error: error instanceof Error ? error.message : String(error) } });
    }
  };
  await admin.fresh("bench_watch_main");
  await record("retort", () => measureRetort(admin, opts));
  const cli = join(opts.repo, "node_modules", "graphile-migrate", "dist", "cli.js");
  if (existsSync(cli)) await record("graphile-migrate", () => measureGraphile(admin, opts, cli));
  else outcomes.push({ name: "graphile-migrate", outcome: { kind: "failed", error: "graphile-migrate is not installed" } });
  await admin.drop("bench_watch_main");
  return { key: "h", title: `${base} (p90: ${p90s.join(", ")})`, outcomes };
}
