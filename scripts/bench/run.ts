/**
 * `npm run bench`: times retort against psql, dbmate and node-pg-migrate on generated workloads,
 * prints a markdown table and writes scripts/bench/results/<date>.{json,md}. Runs under Bun
 * (the graph workload imports src/core/*.ts directly). Everything runs serially.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openAdmin, SERVER_URL, type Admin } from "./database.ts";
import { deployOneWorkload } from "./deploy-one.ts";
import { embeddedStartWorkload } from "./embedded-start.ts";
import { buildFloors, type Floors } from "./floor.ts";
import { graphWorkload } from "./graph.ts";
import { lintWorkload } from "./lint.ts";
import { liveDatabaseWorkload } from "./live-database.ts";
import { schemaDiffWorkload } from "./schema-diff.ts";
import { watchWorkload } from "./watch-latency.ts";
import type { Command } from "./measure.ts";
import { BenchUsageError, parseBenchOptions, USAGE, type BenchOptions } from "./options.ts";
import { allTools, findToolPaths, postgresBinary, type Tool, type ToolPaths } from "./peers.ts";
import { renderMarkdown, type BenchResults, type BinarySize, type PreviousResults } from "./report.ts";
import {
  applyWorkload,
  downgradeWorkload,
  FLOOR_DATABASE,
  largeProjectWorkload,
  noopWorkload,
  statusWorkload,
  versionWorkload,
  type BenchContext,
  type Group,
  type WorkloadId,
} from "./workloads.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Runs the bench; returns the process exit code. */
async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | "help";
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.build) buildRetort();
  const found = findToolPaths(REPO);
  const admin = await openAdmin().catch((error: unknown) => {
    throw new Error(`Cannot reach PostgreSQL at ${SERVER_URL} (set BENCH_DATABASE_SERVER): ${(error as Error).message}`);
  });
  // Outside the repository, so no tool finds the repo's package.json, .env or retort.toml.
  const workDir = mkdtempSync(join(tmpdir(), "retort-bench-"));
  const tools = allTools({ ...found, retort: join(workDir, "retort") });
  try {
    // Time a private copy: a `npm run build` elsewhere during the run would otherwise swap the
    // binary half-way (or fail a run with ETXTBSY while it is being written).
    copyFileSync(found.retort, join(workDir, "retort"));
    chmodSync(join(workDir, "retort"), 0o755);
    const measured = await runSelected(options, { tools, admin, workDir, paths: { ...found, retort: join(workDir, "retort") } });
    const previous = previousResults();
    const results: BenchResults = previous ? { ...measured, previous: previous.file } : measured;
    const markdown = renderMarkdown(results, previous);
    const written = writeResults(results, markdown, options);
    process.stdout.write(markdown);
    log(`wrote ${written.join(" and ")}`);
    return 0;
  } finally {
    for (const t of tools) await admin.drop(t.database);
    await admin.drop(FLOOR_DATABASE);
    await admin.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Runs the selected workloads one after the other and gathers their results. */
async function runSelected(
  options: BenchOptions,
  env: { tools: readonly Tool[]; admin: Admin; workDir: string; paths: ToolPaths },
): Promise<BenchResults> {
  const selected = options.workloads;
  const loadAtStart = formatLoad();
  const ctx: BenchContext = {
    tools: env.tools,
    admin: env.admin,
    workDir: env.workDir,
    fast: options.fast,
    fresh: options.fresh,
    apply: options.apply,
    migrations: options.migrations,
    largeProject: options.largeProject,
    rss: selected.has("f"),
    floors: (["a", "b", "c", "l"] as const).some((w) => selected.has(w)) ? await floorsOrNone(env.workDir) : undefined,
    log,
  };
  const groups: Group[] = [];
  const timed = async (id: WorkloadId, run: () => Promise<Group | Group[]>) => {
    if (!selected.has(id)) return;
    const started = performance.now();
    const result = await run();
    groups.push(...(Array.isArray(result) ? result : [result]));
    log(`  (${id}) done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await timed("a", () => versionWorkload(ctx));
  await timed("b", () => applyWorkload(ctx));
  await timed("c", () => noopWorkload(ctx));
  await timed("l", () => statusWorkload(ctx));
  await timed("m", () => deployOneWorkload(ctx));
  await timed("d", () => downgradeWorkload(ctx));
  await timed("e", () => largeProjectWorkload(ctx));
  await timed("k", () =>
    lintWorkload({ retort: env.tools.find((t) => t.name === "retort")!, admin: env.admin, workDir: env.workDir, migrations: ctx.migrations, fast: ctx.fast, fresh: ctx.fresh, log }),
  );
  await timed("h", () => watchWorkload(env.admin, { tables: options.watchTables, saves: options.watchSaves, retort: env.paths.retort, repo: REPO, workDir: env.workDir, log }));
  await timed("i", () => embeddedStartWorkload(env.admin, { retort: env.paths.retort, repo: REPO, workDir: env.workDir, runs: options.fresh.runs, log }));
  await timed("g", () =>
    schemaDiffWorkload(env.admin, { tables: options.diffTables, retort: env.paths.retort, repo: REPO, workDir: env.workDir, reps: options.fresh, log }),
  );
  await timed("j", () =>
    liveDatabaseWorkload(env.admin, {
      tools: env.tools.filter((t) => t.name === "retort" || t.name === "dbmate"),
      pgbench: postgresBinary("pgbench"),
      workDir: env.workDir,
      rounds: options.live.rounds,
      blockerMs: options.live.blockerMs,
      log,
    }),
  );
  const sizes: BinarySize[] = selected.has("size")
    ? [
        { tool: "retort", path: "dist/retort", bytes: statSync(env.paths.retort).size },
        { tool: "dbmate", path: "node_modules/@dbmate/linux-x64/bin/dbmate", bytes: statSync(env.paths.dbmate).size },
      ]
    : [];
  let graph: BenchResults["graph"];
  if (selected.has("graph")) {
    log(`pure graph, ${options.graph.size} revisions`);
    graph = await graphWorkload(options.graph.size, options.graph.runs, options.graph.warmup);
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    mode: options.mode,
    selected: options.narrowed ? [...selected] : [],
    environment: {
      ...(await describeEnvironment(env.tools, env.admin, env.workDir, options.build)),
      // Other work on the machine shows up in every number; this says how much there was.
      "load average (1, 5, 15 min)": `${loadAtStart} at start, ${formatLoad()} at end (${cpus().length} cores)`,
    },
    groups,
    sizes,
    ...(graph ? { graph } : {}),
  };
}

/** Rebuilds dist/retort from the current source with the project's own build script. */
function buildRetort(): void {
  log("building dist/retort (npm run build; --no-build to skip)");
  const result = spawnSync(process.execPath, ["build.ts"], { cwd: REPO, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`bun build.ts failed (exit ${result.status}); fix the build or pass --no-build`);
}

/** The machine, the server and every tool's own version line, for reading the numbers later. */
async function describeEnvironment(tools: readonly Tool[], admin: Admin, cwd: string, built: boolean): Promise<Record<string, string>> {
  const cpu = cpus();
  const info: Record<string, string> = {
    machine: `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}`,
    runtime: `bun ${process.versions.bun ?? "?"} (bench), node ${firstLine({ file: "node", args: ["--version"], cwd })} (node-pg-migrate)`,
    postgres: await admin.serverVersion(),
  };
  const shown = (path: string) => (path.startsWith(REPO) ? path.slice(REPO.length) : path.startsWith(cwd) ? "copy of dist/retort" : path);
  for (const t of tools) info[t.name] = `${firstLine(t.version(cwd))} (${shown(t.version(cwd).file)})`;
  if (!built) info.retort += ", the existing binary (--no-build)";
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src", "build.ts"], { cwd: REPO, encoding: "utf8" }).stdout?.trim();
  if (built && dirty) info.retort += `, built from a working tree with uncommitted changes in ${dirty.split("\n").length} file(s)`;
  // Its --version prints the version of whichever package.json yargs finds, not its own.
  info["node-pg-migrate"] = `node-pg-migrate ${packageVersion("node-pg-migrate")} (${shown(tools.find((t) => t.name === "node-pg-migrate")?.version(cwd).file ?? "")})`;
  // The peers of (h) and (g), run with node from their packages.
  info["graphile-migrate"] = `graphile-migrate ${packageVersion("graphile-migrate")} (node_modules/graphile-migrate)`;
  info.migra = `@pgkit/migra ${packageVersion("@pgkit/migra")} (node_modules/@pgkit/migra)`;
  return info;
}

/** An installed package's version, from its package.json ("not installed" when it is missing). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function formatLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function firstLine(command: Command): string {
  const result = spawnSync(command.file, command.args, { cwd: command.cwd, encoding: "utf8" });
  return (result.stdout || result.stderr || "").trim().split("\n")[0] ?? "";
}

/** A full run's results file: `<date>.json`, or `<date>-<n>.json` for a later full run the same day. */
const FULL_RESULTS = /^\d{4}-\d{2}-\d{2}(-\d+)?\.json$/;

/**
 * The newest full run's results before this one (quick and --only runs are not compared with), for
 * the before-and-after table; undefined when there is none or it cannot be read.
 */
function previousResults(): PreviousResults | undefined {
  const dir = join(REPO, "scripts", "bench", "results");
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => FULL_RESULTS.test(f)) : [];
  const newest = names.sort(byRunOrder).at(-1);
  if (newest === undefined) return undefined;
  try {
    return { file: `scripts/bench/results/${newest}`, results: JSON.parse(readFileSync(join(dir, newest), "utf8")) as BenchResults };
  } catch (error) {
    log(`cannot read ${newest} for the before-and-after table: ${(error as Error).message}`);
    return undefined;
  }
}

/** Orders results files by date, then by their same-day number (none before -2). */
function byRunOrder(a: string, b: string): number {
  const key = (name: string) => {
    const [, date = "", n = "1"] = /^(\d{4}-\d{2}-\d{2})(?:-(\d+))?/.exec(name) ?? [];
    return [date, Number(n)] as const;
  };
  const [[dateA, nA], [dateB, nB]] = [key(a), key(b)];
  return dateA === dateB ? nA - nB : dateA < dateB ? -1 : 1;
}

/**
 * Writes results/<date>.{json,md}; quick and --only runs get a suffix so a full run's files stay,
 * and a second full run the same day is `<date>-2` rather than overwriting the first.
 */
function writeResults(results: BenchResults, markdown: string, options: BenchOptions): string[] {
  const dir = join(REPO, "scripts", "bench", "results");
  mkdirSync(dir, { recursive: true });
  const suffix = `${options.mode === "quick" ? "-quick" : ""}${options.narrowed ? `-only-${[...options.workloads].join("-")}` : ""}`;
  let base = join(dir, `${results.date}${suffix}`);
  if (suffix === "") for (let n = 2; existsSync(`${base}.json`); n++) base = join(dir, `${results.date}-${n}`);
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + "\n");
  writeFileSync(`${base}.md`, markdown);
  return [`${base}.json`, `${base}.md`].map((p) => p.slice(REPO.length));
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/** The floor programs, or none (with a line saying why) when they cannot be compiled. */
async function floorsOrNone(workDir: string): Promise<Floors | undefined> {
  try {
    return await buildFloors(workDir);
  } catch (error) {
    log(`floors left out: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
