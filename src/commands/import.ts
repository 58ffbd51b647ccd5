/**
 * `retort import dbmate|golang-migrate|goose|flyway <dir>`: converts another tool's SQL migrations
 * into a linear chain of retort revisions whose ids derive from the versions, and with a database
 * (`--url`) stamps it at the revision of the last version that tool applied, so it goes on
 * without re-running anything.
 */
import { access, mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { appliedPrefixLength } from "../core/foreign-applied.ts";
import { RevisionGraph } from "../core/graph.ts";
import type { AstNode } from "../core/lint/types.ts";
import { outsideTransactionOnly } from "../core/outside-transaction.ts";
import type { Revision } from "../core/revision.ts";
import { foreignTableName, readForeignTable, type ForeignTableState } from "../db/foreign-history.ts";
import type { Context } from "../project/context.ts";
import { withDatabase } from "../project/database.ts";
import { ImportConflictError } from "../scripts/errors-import.ts";
import { importedRevisionId, type ForeignMigration, type ForeignTool, type SkippedFile } from "../scripts/foreign-migration.ts";
import { compareFlywayVersions } from "../scripts/import-flyway.ts";
import { readForeignHistory } from "../scripts/import-history.ts";
import { renderFileName, renderSqlRevision, slugify, writeRevisionFile } from "../scripts/new-revision.ts";
import { readRevisionFiles } from "../scripts/revision-files.ts";
import { loadSqlParser, SqlSyntaxError } from "../scripts/sql-parser.ts";
import { configTemplate } from "./init.ts";
import { stamp } from "./stamp.ts";

export { FOREIGN_TOOLS, type ForeignTool } from "../scripts/foreign-migration.ts";

export interface ImportOptions {
  readonly tool: ForeignTool;
  /** The tool's migrations directory, relative to the project directory. */
  readonly directory: string;
  /** Read the tool's table in the configured database and stamp the version table to match. */
  readonly stampDatabase?: boolean;
  /** Stamp without the migration lock. */
  readonly noLock?: boolean;
}

/** One migration converted. */
export interface ImportedRevision {
  readonly version: string;
  readonly revision: string;
  readonly message: string;
  /** The tool's files it came from. */
  readonly files: readonly string[];
  readonly path: string;
  readonly transaction: boolean;
  /** "unchanged": a file with this revision and the same content was there already. */
  readonly status: "written" | "unchanged";
}

/** What the database held and where it was stamped. */
export interface ImportStamp {
  readonly table: string;
  /** How many of the migrations the tool had applied. */
  readonly applied: number;
  /** The revision stamped, or null when the tool had applied none. */
  readonly revision: string | null;
  readonly headsAfter: readonly string[];
}

export interface ImportResult {
  readonly tool: ForeignTool;
  readonly directory: string;
  /** The retort.toml written, or null when the project had one. */
  readonly configFile: string | null;
  readonly revisions: readonly ImportedRevision[];
  /** Files of the directory that are not migrations of the tool. */
  readonly skipped: readonly SkippedFile[];
  readonly stamp: ImportStamp | null;
}

/** A revision to write, or found written already. */
interface Planned {
  readonly migration: ForeignMigration;
  readonly revision: Revision;
  readonly content: string;
  readonly existing: string | undefined;
  readonly fileName: string;
}

/** Imports the tool's history into the project, and stamps the database when asked. */
export async function importHistory(ctx: Context, opts: ImportOptions): Promise<ImportResult> {
  const base = ctx.config.projectDir;
  const directory = resolve(base, opts.directory);
  const read = await readForeignHistory(opts.tool, directory, relative(base, directory) || ".");
  const history = { ...read, migrations: await withStatementTransactionMode(opts.tool, read.migrations) };
  const ids = history.migrations.map((m) => importedRevisionId(opts.tool, m.version));
  // The database is checked before anything is written, so a refused import leaves no files behind.
  const applied = opts.stampDatabase ? await appliedCount(ctx, opts.tool, history.migrations) : undefined;

  const configFile = await ensureConfig(ctx);
  const versions = ctx.config.versionLocations[0]!;
  await mkdir(versions, { recursive: true });
  const existing = await readRevisionFiles(ctx.config.versionLocations, { cacheDir: ctx.config.cacheDir, now: () => ctx.now().getTime() });
  const byId = new Map(existing.map((f) => [f.revision.id, f] as const));
  const planned: Planned[] = history.migrations.map((migration, i) => {
    const id = ids[i]!;
    const revision: Revision = { id, downRevisions: i === 0 ? [] : [ids[i - 1]!], branchLabels: [], dependsOn: [], message: migration.message, source: "" };
    const content = renderSqlRevision({
      ...revision,
      createDate: migration.createDate ?? "",
      transaction: migration.transaction,
      upgradeSql: migration.upSql,
      downgradeSql: migration.downSql,
    });
    const file = byId.get(id);
    if (file && !(file.kind === "sql" && file.text === content)) throw new ImportConflictError(file.path, id, migration.version);
    const fileName = `${renderFileName(ctx.config.fileTemplate, { rev: id, slug: slugify(migration.message), createDate: ctx.now() })}.sql`;
    return { migration, revision: { ...revision, source: file?.path ?? join(versions, fileName) }, content, existing: file?.path, fileName };
  });
  // Duplicate ids and the like are refused exactly as on load, before any file is written.
  RevisionGraph.from([...existing.filter((f) => !ids.includes(f.revision.id)).map((f) => f.revision), ...planned.map((p) => p.revision)]);

  const revisions: ImportedRevision[] = [];
  for (const p of planned) {
    const path = p.existing ?? (await writeRevisionFile(versions, p.fileName, p.content));
    const { migration: m } = p;
    revisions.push({ version: m.version, revision: p.revision.id, message: m.message, files: m.files, path, transaction: m.transaction, status: p.existing ? "unchanged" : "written" });
  }

  let stamped: ImportStamp | null = null;
  if (applied !== undefined) {
    const revision = applied.count === 0 ? null : ids[applied.count - 1]!;
    const r = revision === null ? { headsAfter: [] } : await stamp(ctx, { revisions: [revision], noLock: opts.noLock === true });
    stamped = { table: applied.table, applied: applied.count, revision, headsAfter: r.headsAfter };
  }
  return { tool: opts.tool, directory, configFile, revisions, skipped: history.skipped, stamp: stamped };
}

/**
 * Flyway decides from the statements whether a migration runs in a transaction, and golang-migrate
 * sends a file as one query, which runs a lone statement outside a transaction block: a migration
 * holding a statement PostgreSQL refuses in one (CREATE INDEX CONCURRENTLY…) becomes a
 * `transaction: false` revision. dbmate and goose say so in the file, and are taken at their word.
 */
async function withStatementTransactionMode(tool: ForeignTool, migrations: readonly ForeignMigration[]): Promise<readonly ForeignMigration[]> {
  if (tool !== "flyway" && tool !== "golang-migrate") return migrations;
  const parser = await loadSqlParser();
  const needsNone = (sql: string | undefined): boolean => {
    if (sql === undefined) return false;
    try {
      return parser.parse(sql).some((s) => outsideTransactionOnly(s.stmt as AstNode) !== undefined);
    } catch (error) {
      // A syntax error is the lint's to report, with its position, when the revision is linted or run.
      if (error instanceof SqlSyntaxError) return false;
      throw error;
    }
  };
  return migrations.map((m) => (m.transaction && (needsNone(m.upSql) || needsNone(m.downSql)) ? { ...m, transaction: false } : m));
}

/** How many of `migrations` the database has applied, as the tool's table says; refuses a database the files do not match. */
async function appliedCount(ctx: Context, tool: ForeignTool, migrations: readonly ForeignMigration[]): Promise<{ table: string; count: number }> {
  const state = await withDatabase(ctx, (sql) => readForeignTable(sql, tool));
  const order = migrations.map((m) => m.version);
  return { table: foreignTableName(tool), count: appliedPrefixLength(tool, order, appliedVersions(tool, state, order)) };
}

/** The versions the table says are applied, with golang-migrate's "every version up to" and Flyway's baseline spelled out. */
function appliedVersions(tool: ForeignTool, state: ForeignTableState, order: readonly string[]): readonly string[] {
  if (state.kind === "latest") {
    if (state.version === null) return [];
    const latest = BigInt(state.version);
    // The newest version must itself be a file; the ones below it are applied by golang-migrate's rule.
    return [...order.filter((v) => BigInt(v) < latest), state.version];
  }
  if (state.baseline === undefined) return state.versions;
  const baseline = state.baseline;
  const below = order.filter((v) => (tool === "flyway" ? compareFlywayVersions(v, baseline) <= 0 : false));
  return [...new Set([...below, ...state.versions])];
}

/** Writes a retort.toml when the project has none; returns its path, or null. */
async function ensureConfig(ctx: Context): Promise<string | null> {
  if (ctx.config.configFile !== undefined) return null;
  const path = join(ctx.config.projectDir, "retort.toml");
  if (await access(path).then(() => true, () => false)) return null;
  const scripts = relative(ctx.config.projectDir, resolve(ctx.config.versionLocations[0]!, "..")) || ".";
  await writeFile(path, configTemplate(scripts), { flag: "wx", mode: 0o644 });
  return path;
}
