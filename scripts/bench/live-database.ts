/**
 * Workload (j): a migration on a live database. pgbench (scale 3, 8 clients) writes
 * pgbench_accounts; a blocker transaction reads the table and stays open; 1 s after it began, the
 * tool applies one revision, `ALTER TABLE pgbench_accounts ADD COLUMN note text`. An ALTER that
 * waits for its ACCESS EXCLUSIVE lock makes every later application query queue behind it, so the
 * figures are: the worst latency of the application transactions that started while the tool ran
 * (from its start to its exit), how long after the blocker ended the tool finished, and whether
 * the tool's output named the blocker (its pid). Each run gets a freshly initialised database;
 * the tools take turns, round by round.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { databaseUrl, type Admin } from "./database.ts";
import { migration } from "./generate.ts";
import { environmentOf, summarize, type Command, type Outcome } from "./measure.ts";
import { parsePgbenchLog, worstStartedDuring, type AppTransaction } from "./pgbench-log.ts";
import type { Tool } from "./peers.ts";
import type { Group } from "./workloads.ts";

/** What (j) needs from the run. */
export interface LiveDatabaseOptions {
  /** retort and the peers to compare with it (dbmate). */
  readonly tools: readonly Tool[];
  readonly pgbench: string;
  readonly workDir: string;
  readonly rounds: number;
  /** How long the blocker keeps its transaction open. */
  readonly blockerMs: number;
  readonly log: (line: string) => void;
}

/** pgbench's scale: 300,000 accounts. */
const SCALE = 3;
const CLIENTS = 8;
/**
 * The application's offered load. A throttled load is an application that is not saturating its
 * database, and it leaves the two shared cores to the tools (unthrottled, pgbench ran ~1,900 tps
 * on this machine and slowed every process start).
 */
const RATE_TPS = 400;
/** How long pgbench runs before the blocker, so its clients are connected and steady. */
const LEAD_MS = 2_000;
/** When the tool starts, after the blocker began (the scenario measured). */
const TOOL_DELAY_MS = 1_000;
/** How long pgbench keeps running after the tool exited, so transactions it held up can finish. */
const TAIL_MS = 2_000;
/** A tool still running this long after it started is interrupted and reported as failed. */
const TOOL_CAP_MS = 120_000;
/** Marks pgbench's sessions, so the run can end them and nothing else. */
const APP_NAME = "bench-app";

const REVISION = migration("add_note_to_accounts", ["ALTER TABLE pgbench_accounts ADD COLUMN note text"], "ALTER TABLE pgbench_accounts DROP COLUMN note;");

/** What one tool did in one round. */
interface LiveRun {
  /** The worst latency of application transactions that started while the tool ran. */
  readonly worstMs: number;
  /** How many application transactions started while the tool ran. */
  readonly started: number;
  /** The tool's exit, measured from the blocker's end (the moment before its COMMIT). */
  readonly afterBlockerMs: number;
  readonly toolMs: number;
  readonly blockerPid: number;
  readonly named: boolean;
}

/** Runs (j) and returns its three groups: worst application latency, finish after the blocker, blocker named. */
export async function liveDatabaseWorkload(admin: Admin, o: LiveDatabaseOptions): Promise<Group[]> {
  const seconds = (o.blockerMs / 1000).toFixed(0);
  const setting = `pgbench scale ${SCALE}, ${CLIENTS} clients at ${RATE_TPS} tps; ${seconds} s blocker; ADD COLUMN 1 s after it`;
  o.log(`(j) live database: ${setting}, ${o.rounds} round(s)`);
  const runs = new Map<string, LiveRun[]>(o.tools.map((t) => [t.name, []]));
  const failures = new Map<string, string>();
  if (!existsSync(o.pgbench)) {
    for (const t of o.tools) failures.set(t.name, `pgbench not found at "${o.pgbench}": install the PostgreSQL server package (Debian: postgresql-15)`);
  }
  const projects = new Map(
    o.tools.map((t) => {
      const dir = join(o.workDir, "j", t.name);
      t.writeProject(dir, [REVISION]);
      return [t.name, dir] as const;
    }),
  );
  for (let round = 1; round <= o.rounds; round++) {
    for (const tool of o.tools) {
      if (failures.has(tool.name)) continue;
      const database = `bench_live_${tool.name.replace(/-/g, "_")}`;
      try {
        const run = await runOnce(admin, tool.upgrade(projects.get(tool.name)!, database), database, o);
        runs.get(tool.name)!.push(run);
        o.log(
          `  round ${round} ${tool.name}: ran ${ms(run.toolMs)}, finished ${ms(run.afterBlockerMs)} after the blocker; ` +
            `worst of ${run.started} app transactions started meanwhile: ${ms(run.worstMs)}; blocker pid ${run.blockerPid} ${run.named ? "named" : "not named"}`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.set(tool.name, `round ${round}: ${message}`);
        o.log(`  round ${round} ${tool.name} failed: ${message}`);
      } finally {
        await admin.drop(database);
      }
    }
  }
  const outcome = (name: string, value: (r: LiveRun) => number): Outcome => {
    const failed = failures.get(name);
    return failed !== undefined ? { kind: "failed", error: failed } : { kind: "ok", stats: summarize(runs.get(name)!.map(value)) };
  };
  const tally = (name: string): Outcome => {
    const failed = failures.get(name);
    const done = runs.get(name)!;
    return failed !== undefined ? { kind: "failed", error: failed } : { kind: "tally", count: done.filter((r) => r.named).length, runs: done.length };
  };
  const names = o.tools.map((t) => t.name);
  return [
    {
      key: "j.latency",
      title: `(j) live database (${setting}): worst latency of app transactions started during the migration`,
      outcomes: names.map((name) => ({ name, outcome: outcome(name, (r) => r.worstMs) })),
    },
    {
      key: "j.after",
      title: "(j) live database: tool finished, after the blocker ended",
      outcomes: names.map((name) => ({ name, outcome: outcome(name, (r) => r.afterBlockerMs) })),
    },
    {
      key: "j.named",
      title: "(j) live database: the blocker's pid in the tool's output",
      outcomes: names.map((name) => ({ name, outcome: tally(name) })),
    },
  ];
}

/** One tool, one round, on a freshly initialised pgbench database. */
async function runOnce(admin: Admin, command: Command, database: string, o: LiveDatabaseOptions): Promise<LiveRun> {
  await admin.fresh(database);
  const url = databaseUrl(database);
  const init = spawnSync(o.pgbench, ["-i", "-q", "-s", String(SCALE), url], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`pgbench -i exited ${init.status ?? init.signal}: ${lastLines(init.stderr ?? "")}`);
  const logDir = mkdtempSync(join(o.workDir, "pgbench-log-"));
  const sql = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: "bench-blocker" } });
  const app = startPgbench(o, url, join(logDir, "app"));
  try {
    const exitedEarly = await Promise.race([pause(LEAD_MS).then(() => false), app.exited.then(() => true)]);
    if (exitedEarly) throw new Error(`pgbench exited early: ${app.stderr()}`);
    let blockerPid = 0;
    let blockerEndedMs = 0;
    let toolRun: Promise<ToolExit> | undefined;
    await sql.begin(async (tx) => {
      const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      blockerPid = row!.pid;
      // ACCESS SHARE on the table until COMMIT: what any long read does.
      await tx`select aid from pgbench_accounts limit 1`;
      await pause(TOOL_DELAY_MS);
      toolRun = runTool(command);
      // Awaited after the COMMIT; until then, a failure to start must not count as unhandled.
      toolRun.catch(() => {});
      await pause(o.blockerMs - TOOL_DELAY_MS);
      blockerEndedMs = Date.now();
    });
    const tool = await toolRun!;
    await pause(TAIL_MS);
    if (app.hasExited()) throw new Error(`pgbench exited before the end of the run: ${app.stderr()}`);
    // Ending its sessions is how pgbench stops with every log line written (a signal loses the unflushed ones).
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database} and application_name = ${APP_NAME}`;
    await app.exited;
    if (tool.status !== 0) throw new Error(`${command.file} exited ${tool.status ?? tool.signal}: ${lastLines(tool.output)}`);
    const [column] = await sql`select 1 from information_schema.columns where table_name = 'pgbench_accounts' and column_name = 'note'`;
    if (!column) throw new Error(`${command.file} exited 0 but pgbench_accounts has no column "note"`);
    const transactions = readLogs(logDir);
    const worst = worstStartedDuring(transactions, tool.startedMs, tool.finishedMs);
    if (worst.worstMs === undefined) throw new Error(`no application transaction started while ${command.file} ran: the load was not there`);
    return {
      worstMs: worst.worstMs,
      started: worst.started,
      afterBlockerMs: tool.finishedMs - blockerEndedMs,
      toolMs: tool.finishedMs - tool.startedMs,
      blockerPid,
      named: new RegExp(`\\b${blockerPid}\\b`).test(tool.output),
    };
  } finally {
    if (!app.hasExited()) app.kill();
    await sql.end({ timeout: 5 });
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** A running pgbench. */
interface App {
  readonly exited: Promise<void>;
  hasExited(): boolean;
  stderr(): string;
  kill(): void;
}

function startPgbench(o: LiveDatabaseOptions, url: string, logPrefix: string): App {
  // -T is only a backstop: the run ends pgbench's sessions once the tool is done.
  const backstopS = Math.ceil((LEAD_MS + o.blockerMs + TOOL_CAP_MS) / 1000) + 30;
  const args = ["-n", "-b", "simple-update", "-c", String(CLIENTS), "-j", "2", "-R", String(RATE_TPS)];
  const child = spawn(o.pgbench, [...args, "-T", String(backstopS), "-l", `--log-prefix=${logPrefix}`, url], {
    env: { ...process.env, PGAPPNAME: APP_NAME },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let done = false;
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("close", () => ((done = true), resolve())));
  return { exited, hasExited: () => done, stderr: () => lastLines(stderr), kill: () => child.kill("SIGKILL") };
}

/** Every transaction in pgbench's log files (one per thread: prefix.pid, prefix.pid.1, …). */
function readLogs(dir: string): AppTransaction[] {
  const files = readdirSync(dir);
  if (files.length === 0) throw new Error("pgbench wrote no log file");
  return files.flatMap((f) => parsePgbenchLog(readFileSync(join(dir, f), "utf8"), { rated: true }));
}

/** How a tool's run ended; times are milliseconds since the epoch, pgbench's clock. */
interface ToolExit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly startedMs: number;
  readonly finishedMs: number;
}

/** Starts `command` now; its stdout and stderr are kept together to look for the blocker's pid. */
function runTool(command: Command): Promise<ToolExit> {
  return new Promise((resolve, reject) => {
    const startedMs = Date.now();
    const child = spawn(command.file, [...command.args], { cwd: command.cwd, env: environmentOf(command), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let finishedMs = 0;
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    // Interrupted like a user would (retort rolls back on SIGINT), if it waits far longer than any blocker.
    const cap = setTimeout(() => child.kill("SIGINT"), TOOL_CAP_MS);
    child.on("error", reject);
    child.on("exit", () => (finishedMs = Date.now()));
    child.on("close", (status, signal) => {
      clearTimeout(cap);
      resolve({ status, signal, output, startedMs, finishedMs: finishedMs || Date.now() });
    });
  });
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join(" / ").slice(0, 300) || "(no output)";
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}
