/**
 * `retort import alembic <alembic.ini or directory> [--python EXE] [--url URL]`: an Alembic history
 * as retort SQL revisions with the same ids and graph. Alembic itself renders each revision offline
 * (the project's env.py, the caller's environment); a revision that cannot be rendered offline
 * (it reads the connection, uses the ORM) is recovered, with `--url` of an empty database, from
 * the schema before and after Alembic applies it there, and is marked for porting by hand.
 */
import { access, mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { RevisionGraph } from "../core/graph.ts";
import type { Revision } from "../core/revision.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { HISTORY_TABLE } from "../db/history-table.ts";
import { introspect } from "../db/introspect.ts";
import type { Context } from "../project/context.ts";
import { requireDatabaseUrl, withDatabase } from "../project/database.ts";
import type { BookkeepingTables } from "../core/diff/diff.ts";
import { UnsupportedDiffError } from "../project/errors.ts";
import { revisionDiffs } from "../project/schema-diff.ts";
import { alembicConfigToml, findAlembicIni, readAlembicSettings, type AlembicSettings } from "../scripts/alembic-ini.ts";
import { renderAlembicRevisions, startAlembicOnline, type AlembicPython, type RenderedAlembicRevision } from "../scripts/alembic-python.ts";
import { alembicRevisionText, PORT_MARKER, sqlalchemyUrl, withoutTransactionControl } from "../scripts/alembic-revision.ts";
import { ImportConflictError, RecoveryDatabaseNotEmptyError } from "../scripts/errors-import.ts";
import { renderFileName, slugify, writeRevisionFile } from "../scripts/new-revision.ts";
import { readRevisionFiles } from "../scripts/revision-files.ts";
import { loadSqlParser, type SqlParser } from "../scripts/sql-parser.ts";

export interface ImportAlembicOptions {
  /** The project's alembic.ini, or the directory holding it (or its script directory), relative to the project. */
  readonly source: string;
  /** The Python that runs Alembic; default `python3` on PATH. */
  readonly python?: string;
  /** The environment Python runs with (PYTHONPATH and whatever env.py reads). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Recover the revisions that fail offline in the configured database, which must be empty. */
  readonly recoverWithDatabase?: boolean;
}

/** How a revision's SQL was obtained: rendered offline by Alembic, recovered from schema snapshots, or not at all. */
export type AlembicImportMethod = "rendered" | "recovered-from-schema" | "needs-manual-work";

/** One Alembic revision imported. */
export interface ImportedAlembicRevision {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly message: string;
  /** The Alembic file it came from. */
  readonly source: string;
  readonly path: string;
  readonly method: AlembicImportMethod;
  /** Why offline rendering failed (Python's error), when it did. */
  readonly offlineError: string | null;
  /** True while the file still says what to port by hand (data moved through the connection, or everything). */
  readonly manualWork: boolean;
  /**
   * "kept": a revision Alembic cannot render had its file already, with other content (ported by
   * hand): left as it is. "written" also when the file an earlier import left empty, untouched,
   * is replaced by the revision recovered from schema.
   */
  readonly status: "written" | "unchanged" | "kept";
}

export interface ImportAlembicResult {
  readonly ini: string;
  readonly alembicVersion: string;
  /** The retort.toml written, or null when the project had one. */
  readonly configFile: string | null;
  readonly revisions: readonly ImportedAlembicRevision[];
  /** The ids of the revisions to port by hand. */
  readonly manualWork: readonly string[];
  /** The database Alembic upgraded to recover revisions (password hidden), left as Alembic left it; null when none was used. */
  readonly recoveryDatabase: string | null;
}

/** A revision's SQL in both directions, and how it was obtained. */
interface Converted {
  readonly method: AlembicImportMethod;
  readonly upgrade: string;
  readonly downgrade: string;
  readonly offlineError: string | null;
  readonly transaction: boolean;
}

/** Imports the Alembic project's history: each revision into the version location of its `.py` file. */
export async function importAlembic(ctx: Context, opts: ImportAlembicOptions): Promise<ImportAlembicResult> {
  const base = ctx.config.projectDir;
  const ini = await findAlembicIni(opts.source, base);
  const settings = await readAlembicSettings(ini);
  const py: AlembicPython = { python: opts.python ?? "python3", env: opts.env };
  const rendered = await renderAlembicRevisions(py, ini);
  const versions = settings.versionLocations[0]!;
  await mkdir(versions, { recursive: true });
  const folderOf = await versionsFolderOf(settings.versionLocations);
  const existing = await readRevisionFiles(settings.versionLocations, { cacheDir: ctx.config.cacheDir, now: () => ctx.now().getTime() });
  const byId = new Map(existing.map((f) => [f.revision.id, f] as const));
  const parser = await loadSqlParser();
  const offline = new Map(rendered.revisions.map((r) => [r.id, convertOffline(parser, r)] as const));
  // The file an earlier import wrote for a revision it could not render, untouched since: a run
  // with --url replaces it with the recovered one. Any other file of such a revision is the user's
  // port (or an earlier recovery), kept as it is.
  const placeholder = (r: RenderedAlembicRevision): boolean => {
    const file = byId.get(r.id);
    return file !== undefined && file.kind === "sql" && file.text === alembicRevisionText(r, offline.get(r.id)!, relative(base, r.path));
  };
  const failed = rendered.revisions.filter((r) => offlineError(r) !== null && (!byId.has(r.id) || placeholder(r)));
  const recovered = failed.length > 0 && opts.recoverWithDatabase === true ? await recoverFromSchema(ctx, py, settings, rendered.revisions, failed) : new Map<string, Converted>();

  const planned = rendered.revisions.map((r) => {
    const converted = recovered.get(r.id) ?? offline.get(r.id)!;
    const revision: Revision = { id: r.id, downRevisions: r.down_revision, branchLabels: r.branch_labels, dependsOn: r.depends_on, message: r.message, source: "" };
    const content = alembicRevisionText(r, converted, relative(base, r.path));
    const file = byId.get(r.id);
    const same = file !== undefined && file.kind === "sql" && file.text === content;
    if (file && !same && converted.method === "rendered") throw new ImportConflictError(file.path, r.id, relative(base, r.path));
    const replace = file !== undefined && recovered.has(r.id) && placeholder(r);
    const status: ImportedAlembicRevision["status"] = file === undefined || replace ? "written" : same ? "unchanged" : "kept";
    const manualWork = converted.method !== "rendered" && (file === undefined || same || (file.kind === "sql" && file.text.includes(PORT_MARKER)));
    const createDate = r.create_date === null ? ctx.now() : new Date(r.create_date.replace(" ", "T"));
    const fileName = `${renderFileName(settings.fileTemplate ?? ctx.config.fileTemplate, { rev: r.id, slug: slugify(r.message, settings.truncateSlugLength), createDate })}.sql`;
    const folder = folderOf(r.path);
    return { r, converted, content, folder, fileName, status, manualWork, replace, existing: file?.path, revision: { ...revision, source: file?.path ?? join(folder, fileName) } };
  });
  // The graph is checked as retort will load it, before any file is written.
  const ids = new Set(planned.map((p) => p.r.id));
  RevisionGraph.from([...existing.filter((f) => !ids.has(f.revision.id)).map((f) => f.revision), ...planned.map((p) => p.revision)]);

  const configFile = await ensureAlembicConfig(ctx, settings);
  const revisions: ImportedAlembicRevision[] = [];
  for (const p of planned) {
    if (p.replace) await writeFile(p.existing!, p.content);
    const path = p.existing ?? (await writeRevisionFile(p.folder, p.fileName, p.content));
    revisions.push({
      revision: p.r.id,
      downRevisions: p.r.down_revision,
      message: p.r.message,
      source: p.r.path,
      path,
      method: p.converted.method,
      offlineError: p.converted.offlineError,
      manualWork: p.manualWork,
      status: p.status,
    });
  }
  return { ini, alembicVersion: rendered.alembicVersion, configFile, revisions, manualWork: revisions.filter((r) => r.manualWork).map((r) => r.revision), recoveryDatabase: recovered.size > 0 ? requireDatabaseUrl(ctx).redacted : null };
}

/**
 * The version location a revision's `.py` file is in (Alembic gives its real path), where its SQL
 * revision goes beside it, so each location keeps its own revisions and retort lists them in
 * Alembic's order; the first location for a file found elsewhere.
 */
async function versionsFolderOf(locations: readonly string[]): Promise<(pyPath: string) => string> {
  const byRealPath = new Map<string, string>();
  for (const location of [...locations].reverse()) byRealPath.set(await realpath(location).catch(() => location), location);
  return (pyPath) => byRealPath.get(dirname(pyPath)) ?? locations[0]!;
}

/** Python's error for whichever direction failed offline, or null. */
function offlineError(r: RenderedAlembicRevision): string | null {
  for (const [direction, section] of [["upgrade", r.upgrade], ["downgrade", r.downgrade]] as const) {
    if (section !== null && "error" in section) return `${direction}(): ${section.error}`;
  }
  return null;
}

/** A revision as Alembic rendered it offline, or, when that failed, empty sections to port by hand. */
function convertOffline(parser: SqlParser, r: RenderedAlembicRevision): Converted {
  const error = offlineError(r);
  if (error !== null) return { method: "needs-manual-work", upgrade: "", downgrade: "", offlineError: error, transaction: true };
  const sql = (s: RenderedAlembicRevision["upgrade"]) => withoutTransactionControl(parser, s !== null && "sql" in s ? s.sql : "");
  const up = sql(r.upgrade);
  const down = sql(r.downgrade);
  return { method: "rendered", upgrade: up.sql, downgrade: down.sql, offlineError: null, transaction: !(up.outsideTransaction || down.outsideTransaction) };
}

/**
 * Runs Alembic online in the (empty) configured database, one revision at a time, and writes each
 * failed revision as the diff between the schema before and after it, both ways. The revisions are
 * taken in Alembic's order, so everything a failed revision needs is applied before it.
 */
async function recoverFromSchema(
  ctx: Context,
  py: AlembicPython,
  settings: AlembicSettings,
  all: readonly RenderedAlembicRevision[],
  failed: readonly RenderedAlembicRevision[],
): Promise<Map<string, Converted>> {
  const url = requireDatabaseUrl(ctx);
  const bookkeeping: BookkeepingTables = { schema: settings.versionTableSchema, names: [settings.versionTable ?? "alembic_version", HISTORY_TABLE] };
  const snapshot = () => withDatabase(ctx, (sql) => introspect(sql));
  const before = await snapshot();
  const tables = Object.keys(before.tables).filter((t) => !bookkeeping.names.some((n) => t === n || t.endsWith(`.${n}`)));
  if (tables.length > 0) throw new RecoveryDatabaseNotEmptyError(tables);

  const byId = new Map(all.map((r) => [r.id, r] as const));
  const applied = new Set<string>();
  const markApplied = (id: string): void => {
    if (applied.has(id)) return;
    applied.add(id);
    const r = byId.get(id);
    for (const parent of [...(r?.down_revision ?? []), ...(r?.depends_on ?? [])]) markApplied(parent);
  };
  const online = startAlembicOnline(py, settings.iniPath, sqlalchemyUrl(url));
  const out = new Map<string, Converted>();
  try {
    for (const r of failed) {
      for (const needed of [...r.down_revision, ...r.depends_on]) {
        if (applied.has(needed)) continue;
        await online.upgrade(needed);
        markApplied(needed);
      }
      const from: SchemaModel = await snapshot();
      await online.upgrade(r.id);
      markApplied(r.id);
      const to = await snapshot();
      out.set(r.id, recoveredRevision(r, from, to, bookkeeping));
    }
  } finally {
    await online.close();
  }
  return out;
}

/** The schema change of `r` both ways; a change retort's diff cannot write leaves the revision to port by hand, saying what. */
function recoveredRevision(r: RenderedAlembicRevision, from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables): Converted {
  try {
    // Revision bodies, without the transaction a printed diff wraps itself in: retort runs them in its own.
    const { transactional } = revisionDiffs(from, to, bookkeeping, false);
    return { method: "recovered-from-schema", upgrade: transactional.up.sql, downgrade: transactional.down.sql, offlineError: offlineError(r), transaction: true };
  } catch (error) {
    if (!(error instanceof UnsupportedDiffError)) throw error;
    const what = error.differences.map((d) => `${d.what}: ${d.object}`).join("; ");
    return { method: "needs-manual-work", upgrade: "", downgrade: "", offlineError: `${offlineError(r)}; its schema change has what retort's diff cannot write yet (${what})`, transaction: true };
  }
}

/** Writes the retort.toml that says what alembic.ini says, when the project has none; returns its path, or null. */
async function ensureAlembicConfig(ctx: Context, settings: AlembicSettings): Promise<string | null> {
  if (ctx.config.configFile !== undefined) return null;
  const path = join(ctx.config.projectDir, "retort.toml");
  if (await access(path).then(() => true, () => false)) return null;
  await writeFile(path, alembicConfigToml(settings, ctx.config.projectDir), { flag: "wx", mode: 0o644 });
  return path;
}
