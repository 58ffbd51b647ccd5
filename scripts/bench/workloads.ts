/**
 * The timed workloads (a)–(e), each turned into groups of outcomes, one per tool or operation.
 * Set-up (generating projects, fresh databases, the applies a no-op or downgrade needs) is never
 * inside a timed run.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Admin } from "./database.ts";
import { databaseUrl } from "./database.ts";
import { pipelineStatementsFloor, readVersionTableFloor, type Floors } from "./floor.ts";
import { tableMigrations, trivialMigrations, type Migration } from "./generate.ts";
import { describeError, measureCases, summarize, timeOnce, timeWithRss, type Case, type Command, type Outcome, type Repetitions } from "./measure.ts";
import type { Tool } from "./peers.ts";

/** The workloads `--only` can select. */
export const WORKLOAD_IDS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "size", "graph"] as const;

/** One selectable workload. */
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** The outcomes of one measured command across tools (or of one retort operation in (e)). */
export interface Group {
  /** Stable key for targets and the JSON: "a", "b", …, "e.heads". */
  readonly key: string;
  readonly title: string;
  readonly outcomes: readonly { readonly name: string; readonly outcome: Outcome }[];
}

/** Everything a workload needs: tools, databases, scratch space and how often to repeat. */
export interface BenchContext {
  readonly tools: readonly Tool[];
  readonly admin: Admin;
  /** Scratch directory for generated projects. */
  readonly workDir: string;
  /** Runs for commands that need no fresh database ((a), (c), (e) queries). */
  readonly fast: Repetitions;
  /** Runs for commands that need a fresh database each time ((d), the lint on upgrade). */
  readonly fresh: Repetitions;
  /** Runs of (b), also on a fresh database each time. */
  readonly apply: Repetitions;
  /** Migrations in (b)–(d). */
  readonly migrations: number;
  /** Revisions in the (e) project. */
  readonly largeProject: number;
  /** Whether (f) is on: take peak RSS in (b) and (e). */
  readonly rss: boolean;
  /** The floor programs measured beside (a) and (l); undefined when they could not be compiled. */
  readonly floors: Floors | undefined;
  readonly log: (line: string) => void;
}

/** (a) `--version` of every tool. */
export async function versionWorkload(ctx: BenchContext): Promise<Group> {
  const title = "(a) `--version`";
  ctx.log(title);
  const cases: Case[] = ctx.tools.map((t) => ({ name: t.name, command: t.version(ctx.workDir) }));
  if (ctx.floors) cases.push({ name: FLOOR_HELLO, command: { file: ctx.floors.hello, args: [], cwd: ctx.workDir } });
  const outcomes = await measureCases(cases, ctx.fast);
  const g = group("a", title, ctx.tools, outcomes);
  return ctx.floors ? { ...g, outcomes: [...g.outcomes, { name: FLOOR_HELLO, outcome: outcomes.get(FLOOR_HELLO)! }] } : g;
}

/** The floors' names in the tables. */
const FLOOR_HELLO = "floor: compiled Bun program printing a line";
const FLOOR_QUERY = "floor: compiled Bun program, postgres.js connects and reads alembic_version";
const FLOOR_PIPELINE = "floor: compiled Bun program, postgres.js sends the same statements in one transaction, pipelined, sharing Query messages as retort does";
const FLOOR_UNDER_LOCK = "floor under the lock: the same, once the version table is read and the migration lock taken on a second connection, and with the version row";
/** The database the (b) floor runs in, fresh for each run as the tools' are. */
export const FLOOR_DATABASE = "bench_floor";

/** (b) apply every migration to an empty database, a fresh one per run. */
export async function applyWorkload(ctx: BenchContext): Promise<Group> {
  const title = `(b) apply ${ctx.migrations} revisions to an empty database`;
  ctx.log(title);
  const migrations = tableMigrations(ctx.migrations);
  const cases: Case[] = ctx.tools.map((t) => {
    const dir = join(ctx.workDir, "b", t.name);
    t.writeProject(dir, migrations);
    return { name: t.name, command: t.upgrade(dir, t.database), setup: () => ctx.admin.fresh(t.database) };
  });
  if (ctx.floors) {
    const statements = join(ctx.workDir, "b", "statements.json");
    writeFileSync(statements, JSON.stringify(migrations.flatMap((m) => m.upStatements)));
    for (const [name, program] of [[FLOOR_PIPELINE, ctx.floors.pipelineStatements], [FLOOR_UNDER_LOCK, ctx.floors.applyUnderLock]] as const) {
      const command = pipelineStatementsFloor(program, databaseUrl(FLOOR_DATABASE), statements, ctx.workDir);
      cases.push({ name, command, setup: () => ctx.admin.fresh(FLOOR_DATABASE) });
    }
  }
  const outcomes = await measureCases(cases, ctx.rss ? { ...ctx.apply, rss: "timed-runs" } : ctx.apply);
  const g = group("b", title, ctx.tools, outcomes);
  const floors = [FLOOR_PIPELINE, FLOOR_UNDER_LOCK].filter((name) => outcomes.has(name)).map((name) => ({ name, outcome: outcomes.get(name)! }));
  return { ...g, outcomes: [...g.outcomes, ...floors] };
}

/**
 * The tools that keep a record of what they applied (not psql), each with `migrations` written as
 * its project under `<workDir>/<key>/<tool>` and its no-op upgrade there; the others' outcome is
 * "n/a", with the reason.
 */
export function recordKeepingTools(ctx: BenchContext, key: string, migrations: readonly Migration[]): { outcomes: Map<string, Outcome>; tools: { tool: Tool; dir: string; noop: Command }[] } {
  const outcomes = new Map<string, Outcome>();
  const tools: { tool: Tool; dir: string; noop: Command }[] = [];
  for (const tool of ctx.tools) {
    const dir = join(ctx.workDir, key, tool.name);
    tool.writeProject(dir, migrations);
    const noop = tool.noopUpgrade(dir, tool.database);
    if (typeof noop === "string") outcomes.set(tool.name, { kind: "n/a", reason: noop });
    else tools.push({ tool, dir, noop });
  }
  return { outcomes, tools };
}

/** (c) `upgrade head` when every migration is already applied. */
export async function noopWorkload(ctx: BenchContext): Promise<Group> {
  const title = `(c) no-op upgrade with ${ctx.migrations} applied`;
  ctx.log(title);
  const { outcomes, tools } = recordKeepingTools(ctx, "c", tableMigrations(ctx.migrations));
  const cases: Case[] = [];
  for (const { tool: t, dir, noop: command } of tools) {
    try {
      await ctx.admin.fresh(t.database);
      timeOnce(t.upgrade(dir, t.database));
      cases.push({ name: t.name, command });
    } catch (error) {
      outcomes.set(t.name, { kind: "failed", error: `set-up apply: ${describeError(error)}` });
    }
  }
  // retort's database has its version table: the floor reads it as a no-op upgrade must.
  const retort = ctx.tools.find((t) => t.name === "retort");
  if (ctx.floors && retort && cases.some((c) => c.name === "retort")) {
    cases.push({ name: FLOOR_QUERY, command: readVersionTableFloor(ctx.floors, databaseUrl(retort.database), ctx.workDir) });
  }
  for (const [name, outcome] of await measureCases(cases, ctx.fast)) outcomes.set(name, outcome);
  const g = group("c", title, ctx.tools, outcomes);
  return outcomes.has(FLOOR_QUERY) ? { ...g, outcomes: [...g.outcomes, { name: FLOOR_QUERY, outcome: outcomes.get(FLOOR_QUERY)! }] } : g;
}

/**
 * (l) The read-only commands on one database with every migration applied: retort's `current`
 * and `heads` against `dbmate status`, interleaved. dbmate applies its project (the tables and its
 * schema_migrations); `retort stamp head` then records the same revisions in retort's version
 * table without running them again, so both tools read the same database and history.
 */
export async function statusWorkload(ctx: BenchContext): Promise<Group[]> {
  const n = ctx.migrations;
  ctx.log(`(l) \`current\` and \`heads\` against \`dbmate status\`, ${n} applied`);
  const retort = ctx.tools.find((t) => t.name === "retort")!;
  const dbmate = ctx.tools.find((t) => t.name === "dbmate")!;
  const database = "bench_status";
  const migrations = tableMigrations(n);
  const retortDir = join(ctx.workDir, "l", "retort");
  const dbmateDir = join(ctx.workDir, "l", "dbmate");
  retort.writeProject(retortDir, migrations);
  dbmate.writeProject(dbmateDir, migrations);
  // Every retort command is `upgrade head` with other arguments: same binary, cwd and URL.
  const retortCommand = (...args: string[]): Command => ({ ...retort.upgrade(retortDir, database), args });
  let outcomes: Map<string, Outcome>;
  try {
    await ctx.admin.fresh(database);
    timeOnce(dbmate.upgrade(dbmateDir, database));
    timeOnce(retortCommand("stamp", "head"));
    const status = dbmate.status?.(dbmateDir, database);
    if (status === undefined) throw new Error("the dbmate tool has no status command");
    const floor = ctx.floors ? [{ name: FLOOR_QUERY, command: readVersionTableFloor(ctx.floors, databaseUrl(database), retortDir) }] : [];
    outcomes = await measureCases(
      [
        { name: "current", command: retortCommand("current") },
        { name: "heads", command: retortCommand("heads") },
        { name: "dbmate status", command: status },
        ...floor,
      ],
      ctx.fast,
    );
  } catch (error) {
    const failed: Outcome = { kind: "failed", error: `set-up: ${describeError(error)}` };
    outcomes = new Map(["current", "heads", "dbmate status", FLOOR_QUERY].map((name) => [name, failed]));
  } finally {
    await ctx.admin.drop(database);
  }
  const pair = (verb: string): Group => ({
    key: `l.${verb}`,
    title: `(l) \`${verb}\` with ${n} applied, against \`dbmate status\` on the same database`,
    outcomes: [
      { name: "retort", outcome: outcomes.get(verb)! },
      { name: "dbmate status", outcome: outcomes.get("dbmate status")! },
      ...(ctx.floors && verb === "current" ? [{ name: FLOOR_QUERY, outcome: outcomes.get(FLOOR_QUERY)! }] : []),
    ],
  });
  return [pair("current"), pair("heads")];
}

/** (d) revert every migration, from a fresh fully-applied database per run. */
export async function downgradeWorkload(ctx: BenchContext): Promise<Group> {
  const title = `(d) downgrade all ${ctx.migrations} revisions`;
  ctx.log(title);
  const migrations = tableMigrations(ctx.migrations);
  const outcomes = new Map<string, Outcome>();
  const cases: Case[] = [];
  for (const t of ctx.tools) {
    const dir = join(ctx.workDir, "d", t.name);
    t.writeProject(dir, migrations);
    const command = t.downgradeAll(dir, t.database, ctx.migrations);
    if (typeof command === "string") {
      outcomes.set(t.name, { kind: "n/a", reason: command });
      continue;
    }
    const setup = async () => {
      await ctx.admin.fresh(t.database);
      timeOnce(t.upgrade(dir, t.database));
    };
    cases.push({ name: t.name, command, setup });
  }
  for (const [name, outcome] of await measureCases(cases, ctx.fresh)) outcomes.set(name, outcome);
  return group("d", title, ctx.tools, outcomes);
}

/** Smaller project sizes applied before the large one when peak memory is measured. */
const LARGE_PROJECT_STEPS = [1_000, 5_000];

/** (e) retort alone on a large generated project: the first apply, then heads, history and a no-op upgrade. */
export async function largeProjectWorkload(ctx: BenchContext): Promise<Group[]> {
  const retort = ctx.tools.find((t) => t.name === "retort")!;
  const n = ctx.largeProject.toLocaleString("en-US");
  const database = "bench_retort_large";
  const groups: Group[] = [];
  // With (f), smaller projects first: peak memory against project size shows whether a run holds
  // more than the project itself as it goes.
  const sizes = ctx.rss ? [...LARGE_PROJECT_STEPS.filter((size) => size < ctx.largeProject), ctx.largeProject] : [ctx.largeProject];
  let applied: Outcome = { kind: "failed", error: "not run" };
  let dir = "";
  for (const size of sizes) {
    dir = join(ctx.workDir, "e", `retort-${size}`);
    retort.writeProject(dir, trivialMigrations(size));
    const title = `(e) first apply of ${size.toLocaleString("en-US")} \`SELECT 1\` revisions (1 run)`;
    ctx.log(title);
    try {
      await ctx.admin.fresh(database);
      const { ms, rssKiB } = timeWithRss(retort.upgrade(dir, database));
      applied = ctx.rss ? { kind: "ok", stats: summarize([ms]), rssKiB } : { kind: "ok", stats: summarize([ms]) };
    } catch (error) {
      applied = { kind: "failed", error: describeError(error) };
    }
    groups.push({ key: size === ctx.largeProject ? "e.apply" : `e.apply.${size}`, title, outcomes: [{ name: "retort", outcome: applied }] });
  }

  // Every retort command is `upgrade head` with other arguments: same binary, cwd and URL.
  const upgrade = retort.upgrade(dir, database);
  const operations: [string, string, string[]][] = [
    ["e.heads", "heads", ["heads"]],
    ["e.history", "history", ["history"]],
    ["e.upgrade", "no-op upgrade head", ["upgrade", "head"]],
  ];
  for (const [key, label, args] of operations) {
    const title = `(e) ${label}, ${n} revisions`;
    ctx.log(title);
    if (key === "e.upgrade" && applied.kind !== "ok") {
      // Its first run would do the apply that failed, and the rest would time something else.
      groups.push({ key, title, outcomes: [{ name: "retort", outcome: { kind: "failed", error: "not run: the first apply failed" } }] });
      continue;
    }
    const command = { ...upgrade, args };
    const outcomes = await measureCases([{ name: "retort", command }], ctx.rss ? { ...ctx.fast, rss: "extra-run" } : ctx.fast);
    groups.push({ key, title, outcomes: [{ name: "retort", outcome: outcomes.get("retort")! }] });
  }
  await ctx.admin.drop(database);
  return groups;
}

/** A group with one outcome per tool, in the tools' order. */
export function group(key: string, title: string, tools: readonly Tool[], outcomes: ReadonlyMap<string, Outcome>): Group {
  return {
    key,
    title,
    outcomes: tools.map((t) => ({ name: t.name, outcome: outcomes.get(t.name) ?? { kind: "failed", error: "not run" } })),
  };
}
