/**
 * The parser of `lint_on_upgrade`: the parses an earlier run cached of the same upgrade sections
 * (parse-cache.ts), else PostgreSQL's grammar, whose WebAssembly is then compiled. The cache is
 * looked up as soon as the plan is known; the grammar starts compiling at once when it misses.
 */
import type { Plan } from "../core/plan.ts";
import { CachingParser, hasPack, ParseNotCached, packPlace, readPack, type PackPlace } from "../scripts/parse-cache.ts";
import { compileSqlParser, loadSqlParser, parserBuild, type SqlParser } from "../scripts/sql-parser.ts";
import type { Context } from "./context.ts";
import type { Project } from "./project.ts";

/** What was begun for a plan's parser: the pack looked for, and the grammar compiling when there is none. */
export interface PlanParses {
  /** The checksums of the plan's SQL revisions (the SHA-256 of their upgrade sections), in order. */
  readonly keys: readonly string[];
  /** Where their pack is kept, or will be; undefined without a cache directory. */
  readonly place: PackPlace | undefined;
  /** Whether that pack exists. */
  readonly cached: boolean;
  readonly grammar: Promise<WebAssembly.Module> | undefined;
}

/** Looks for the pack of `plan`'s upgrade sections, and starts the grammar's compile unless there is one (`grammar`: one already compiling). */
export async function beginPlanParses(ctx: Context, project: Project, plan: Plan, grammar?: Promise<WebAssembly.Module>): Promise<PlanParses> {
  const keys = planKeys(project, plan);
  const cacheDir = ctx.config.cacheDir;
  const place = cacheDir === undefined ? undefined : packPlace(cacheDir, `${ctx.version} ${await parserBuild()}`, keys);
  const cached = place !== undefined && hasPack(place);
  const compiling = cached ? grammar : (grammar ?? compileSqlParser());
  compiling?.catch(() => undefined); // a run that fails before it lints leaves it unawaited
  return { keys, place, cached, grammar: compiling };
}

/**
 * Runs `lint` with the plan's parser, and stores what the grammar parsed for the next run. A text
 * the pack lacks (a table's CHECK constraint the earlier run's catalog did not have) loads the
 * grammar, and the lint runs again with it. `begun`: for this plan or one made before the lock
 * from other rows, whose pack is then not this plan's.
 */
export async function withPlanParser<T>(ctx: Context, project: Project, plan: Plan, begun: PlanParses, lint: (parser: SqlParser) => T | Promise<T>): Promise<T> {
  const keys = planKeys(project, plan);
  const parses = sameKeys(keys, begun.keys) ? begun : await beginPlanParses(ctx, project, plan, begun.grammar);
  // Read here, beside the statements when the lint runs there, rather than before the first one.
  const found = parses.cached && parses.place !== undefined ? readPack(parses.place) : undefined;
  const loaded = async (): Promise<SqlParser> => loadSqlParser(parses.grammar ?? compileSqlParser());
  let parser = new CachingParser(found, found === undefined ? await loaded() : undefined);
  let result: T;
  try {
    result = await lint(parser);
  } catch (error) {
    if (!(error instanceof ParseNotCached)) throw error;
    parser = new CachingParser(found, await loaded());
    result = await lint(parser);
  }
  parser.save(parses.place);
  return result;
}

/** The checksums of the plan's SQL revisions; a TypeScript revision is not linted. */
function planKeys(project: Project, plan: Plan): string[] {
  const keys: string[] = [];
  for (const step of plan.steps) {
    const file = project.fileOf(step.revision.id);
    if (file.kind === "sql") keys.push(file.checksum);
  }
  return keys;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
