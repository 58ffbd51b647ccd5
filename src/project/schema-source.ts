/**
 * Schema sources for `diff`, `dump`, `check` and `revision --autogenerate`, and the scratch
 * database they are built in. A source is a database URL (or `database`, the configured one),
 * `migrations` (every revision up to the heads, applied in the scratch database),
 * `migrations@<rev>` (up to that revision), or schema files (`schema` for the configured ones, or
 * paths, comma-separated), applied in the scratch database.
 */
import { resolve } from "node:path";
import { parseDatabaseUrl, type DatabaseUrl } from "../config/database-url.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { planUpgrade } from "../core/plan.ts";
import { applySqlFiles, type SqlFile } from "../db/apply-sql-files.ts";
import { classifyError, closeConnection, openConnection, withConnection, type Sql } from "../db/connect.ts";
import { introspect } from "../db/introspect.ts";
import { InterruptedError } from "../db/errors.ts";
import { claimScratch } from "../db/scratch-template.ts";
import { resetScratchDatabase, scratchUrlFor } from "../db/scratch.ts";
import type { Context } from "./context.ts";
import { connectOptions, lockWaitTiming, requireDatabaseUrl } from "./database.ts";
import { loadProject, type Project } from "./project.ts";
import { runPlan } from "./run-plan.ts";
import { readSchemaFiles } from "./schema-files.ts";

export type SchemaSource =
  | { readonly kind: "database"; readonly url: DatabaseUrl }
  | { readonly kind: "migrations"; readonly target: string }
  | { readonly kind: "files"; readonly files: readonly SqlFile[] };

/** Reads a `--from`/`--to` value. */
export function parseSchemaSource(ctx: Context, text: string, option: string): SchemaSource {
  if (text === "database") return { kind: "database", url: requireDatabaseUrl(ctx) };
  if (text.includes("://")) return { kind: "database", url: parseDatabaseUrl(text, option) };
  if (text === "migrations") return { kind: "migrations", target: "heads" };
  if (text.startsWith("migrations@")) return { kind: "migrations", target: text.slice("migrations@".length) };
  const paths = text === "schema" ? ctx.config.schema : text.split(",").map((p) => resolve(ctx.config.projectDir, p.trim()));
  // Read now: a missing file is reported before any database work.
  return { kind: "files", files: readSchemaFiles(paths, ctx.config.projectDir) };
}

/** The scratch database, held (by an advisory lock) for one command. */
export interface Scratch {
  /** The schema of an emptied scratch database: what a dump starts from. */
  baseline(): Promise<SchemaModel>;
  /** The schema after the project's revisions up to `target` (`heads`, a revision…). */
  migrations(target: string): Promise<SchemaModel>;
  /** The schema the revisions in the live database's version table produce, row by row. */
  migrationsAt(rows: readonly string[]): Promise<SchemaModel>;
  /** The schema the files produce. */
  files(files: readonly SqlFile[]): Promise<SchemaModel>;
  /**
   * Empties the scratch database, applies the revisions in the version-table rows `rows` (none:
   * left empty) and hands over its connection, for work on that state (`lint --trace`).
   */
  connectionAt(rows: readonly string[]): Promise<{ readonly url: DatabaseUrl; readonly sql: Sql }>;
}

/**
 * Runs `fn` with the scratch database. It is set up on first use only (a diff between two live
 * databases needs none): created if needed, and locked against other retort processes.
 */
export async function withScratch<T>(ctx: Context, fn: (scratch: Scratch) => Promise<T>, loaded?: Project): Promise<T> {
  const opts = connectOptions(ctx, { purpose: "scratch" });
  let session: Promise<{ readonly url: DatabaseUrl; readonly sql: Sql; readonly release: () => Promise<void> }> | undefined;
  const open = async () => {
    const url = scratchUrlFor(ctx.config);
    const { lock } = await claimScratch(url, {
      ...opts,
      timeoutMs: ctx.config.lockTimeoutMs,
      timing: lockWaitTiming(ctx),
      onWait: () => ctx.report({ kind: "info", message: `Waiting for another retort using the scratch database ${url.redacted}` }),
    });
    const sql = openConnection(url, opts);
    return { url, sql, release: async () => void (await Promise.all([closeConnection(sql), lock.release()])) };
  };
  let project: Project | undefined = loaded;
  const projectOnce = async (): Promise<Project> => (project ??= await loadProject(ctx));
  const fresh = async (build: (sql: Sql) => Promise<unknown>): Promise<SchemaModel> => {
    const { url, sql } = await (session ??= open());
    await resetScratchDatabase(url, opts);
    await build(sql);
    return introspect(sql);
  };
  try {
    return await fn({
      baseline: () => fresh(async () => undefined),
      migrations: async (target) => {
        const p = await projectOnce();
        return fresh((sql) => applyRevisionsUpTo(ctx, sql, p, [target]));
      },
      migrationsAt: async (rows) => {
        const p = await projectOnce();
        return fresh((sql) => applyRevisionsUpTo(ctx, sql, p, rows));
      },
      files: (files) => fresh((sql) => applySqlFiles(sql, files)),
      connectionAt: async (rows) => {
        const { url, sql } = await (session ??= open());
        await resetScratchDatabase(url, opts);
        if (rows.length > 0) await applyRevisionsUpTo(ctx, sql, await projectOnce(), rows);
        return { url, sql };
      },
    });
  } catch (err) {
    throw session ? classifyError(err, (await session.catch(() => undefined))?.url ?? scratchUrlFor(ctx.config)) : err;
  } finally {
    if (session) await (await session.catch(() => undefined))?.release();
  }
}

/**
 * Applies the revisions up to each of `targets` in turn, from an empty scratch database, quietly.
 * `checkpoint` runs before each step (by default: stop on Ctrl-C).
 */
export async function applyRevisionsUpTo(
  ctx: Context,
  sql: Sql,
  project: Project,
  targets: readonly string[],
  checkpoint: () => void = () => {
    if (ctx.signal?.aborted) throw new InterruptedError(String(ctx.signal.reason ?? "SIGINT"));
  },
): Promise<void> {
  let heads: readonly string[] = [];
  for (const target of targets) {
    const plan = planUpgrade(project.graph, heads, target);
    await runPlan(ctx, sql, project, plan, { tablesExist: heads.length > 0, transactionPerMigration: false, checkpoint });
    heads = plan.headsAfter;
  }
}

/**
 * The schemas of `from` and `to`. They are read at the same time when at most one of them is built
 * in the scratch database (two live databases introspect in parallel, each on its own connection);
 * when both fail, `from`'s error is the one reported.
 */
export async function loadSchemas(ctx: Context, scratch: Scratch, from: SchemaSource, to: SchemaSource): Promise<readonly [SchemaModel, SchemaModel]> {
  if (from.kind !== "database" && to.kind !== "database") return [await loadSchema(ctx, scratch, from), await loadSchema(ctx, scratch, to)];
  const [a, b] = await Promise.allSettled([loadSchema(ctx, scratch, from), loadSchema(ctx, scratch, to)]);
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  return [a.value, b.value];
}

/** The schema of `source`; scratch-built sources use `scratch`. */
export async function loadSchema(ctx: Context, scratch: Scratch, source: SchemaSource): Promise<SchemaModel> {
  switch (source.kind) {
    case "database":
      return withConnection(source.url, connectOptions(ctx), (sql) => introspect(sql));
    case "migrations":
      return scratch.migrations(source.target);
    case "files":
      return scratch.files(source.files);
  }
}
