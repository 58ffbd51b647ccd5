/**
 * The library API: the verbs as functions, for test set-ups, application start-up and deploy
 * tools (as Alembic's `alembic.command`). Each takes the command line's options under the same
 * names, reads the project exactly as the command would, and returns the document `--json` prints.
 * Nothing is printed: progress goes to `onProgress` if given. Failures are the typed error
 * classes, with their `code` and `exitCode`. Every embedded database a call starts is stopped
 * before it returns.
 */
import { safeHostname } from "../config/runtime.ts";
import { version } from "../config/version.ts";
import type { Context, ProgressEvent } from "../project/context.ts";
import { documentOf, type Document } from "../project/documents.ts";
import { openContext } from "../project/open-context.ts";

/** What every call accepts: where the project is and how to reach the database. */
export interface ProjectOptions {
  /** The project directory (where retort.toml and .env are looked for); default: the process's. */
  readonly cwd?: string;
  /** A retort.toml to read instead of `<cwd>/retort.toml` (`-c`/`--config`). */
  readonly config?: string;
  /** A .env file to read instead of the one next to the config (`--env-file`). */
  readonly envFile?: string;
  /** The database URL; overrides DATABASE_URL (`--url`). */
  readonly url?: string;
  /** The version table (`--version-table`). */
  readonly versionTable?: string;
  /** How long to wait for retort's own migration lock, such as "30s" (`--migration-lock-timeout`). */
  readonly migrationLockTimeout?: string;
  /** The lock timeout of each attempt of revision SQL, such as "500ms" (`--revision-lock-timeout`). */
  readonly revisionLockTimeout?: string;
  /** How long a unit keeps retrying after lock timeouts, such as "5m" (`--lock-retry-budget`). */
  readonly lockRetryBudget?: string;
  /** The statement timeout of revision SQL, such as "10m" (`--revision-statement-timeout`). */
  readonly revisionStatementTimeout?: string;
  /** What upgrade does with lint findings of what it is about to run: "off", "warn" or "error" (`--lint-on-upgrade`). */
  readonly lintOnUpgrade?: "off" | "warn" | "error";
  /** The environment to read DATABASE_URL and RETORT_* from; default: the process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Receives progress (steps started and done, notices); nothing is printed. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting it stops the run as Ctrl-C does: the open transaction rolls back and the lock is released. */
  readonly signal?: AbortSignal;
}

/** Options of the writing verbs. */
export interface LockOptions {
  /** Do not take the migration lock (`--no-lock`). */
  readonly noLock?: boolean;
}

/** Runs `fn` with a context built from `opts`, and stops the embedded databases it started. */
async function withContext<T>(opts: ProjectOptions, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await openContext({
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? process.env,
    // The options carry the settings under the command line's names (config, envFile, url, …).
    flags: opts,
    report: opts.onProgress ?? (() => undefined),
    version,
    hostname: safeHostname,
    signal: opts.signal,
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.embedded.close();
  }
}

/** `retort upgrade [target]`: applies revisions up to `target` (default `head`). */
export function upgrade(opts: ProjectOptions & LockOptions & { readonly target?: string } = {}): Promise<Document<"upgrade">> {
  return withContext(opts, async (ctx) => {
    const { upgrade: run } = await import("../commands/upgrade.ts");
    return documentOf("upgrade", await run(ctx, { target: opts.target ?? "head", noLock: opts.noLock === true }));
  });
}

/** `retort downgrade <target>`: reverts revisions down to `target` (`-1`, a revision, `base`). */
export function downgrade(opts: ProjectOptions & LockOptions & { readonly target: string }): Promise<Document<"downgrade">> {
  return withContext(opts, async (ctx) => {
    const { downgrade: run } = await import("../commands/downgrade.ts");
    return documentOf("downgrade", await run(ctx, { target: opts.target, noLock: opts.noLock === true }));
  });
}

/** `retort upgrade a:b --sql` / `downgrade b:a --sql`: the offline script of a range; no database is touched. */
export function script(opts: ProjectOptions & { readonly direction: "upgrade" | "downgrade"; readonly range: string }): Promise<string> {
  return withContext(opts, async (ctx) => {
    if (opts.direction === "upgrade") return (await import("../commands/upgrade.ts")).upgradeScript(ctx, { range: opts.range });
    return (await import("../commands/downgrade.ts")).downgradeScript(ctx, { range: opts.range });
  });
}

/** `retort current`: the revisions the database is at; with `checkHeads`, throws NotAtHeadsError unless at every head. */
export function current(opts: ProjectOptions & { readonly checkHeads?: boolean } = {}): Promise<Document<"current">> {
  return withContext(opts, async (ctx) => {
    const { current: run } = await import("../commands/current.ts");
    return documentOf("current", await run(ctx, { checkHeads: opts.checkHeads === true }));
  });
}

/** `retort history [-r range] [-i] [--verbose]`: the revisions, newest first. */
export function history(opts: ProjectOptions & { readonly range?: string; readonly indicateCurrent?: boolean; readonly verbose?: boolean } = {}): Promise<Document<"history">> {
  return withContext(opts, async (ctx) => {
    const { history: run } = await import("../commands/history.ts");
    const r = await run(ctx, { ...(opts.range !== undefined ? { range: opts.range } : {}), indicateCurrent: opts.indicateCurrent === true, applied: opts.verbose === true });
    return documentOf("history", r);
  });
}

/** `retort heads`: the head revisions of the project (no database needed). */
export function heads(opts: ProjectOptions = {}): Promise<Document<"heads">> {
  return withContext(opts, async (ctx) => documentOf("heads", await (await import("../commands/heads.ts")).heads(ctx)));
}

/** `retort stamp <rev>…`: sets the version table without running any revision. */
export function stamp(opts: ProjectOptions & LockOptions & { readonly revisions: readonly string[]; readonly purge?: boolean }): Promise<Document<"stamp">> {
  return withContext(opts, async (ctx) => {
    const { stamp: run } = await import("../commands/stamp.ts");
    return documentOf("stamp", await run(ctx, { revisions: opts.revisions, purge: opts.purge === true, noLock: opts.noLock === true }));
  });
}

/**
 * `retort import <tool> <directory>`: converts dbmate, golang-migrate, goose or Flyway migrations
 * into revisions; with `url` (as with `--url`), stamps that database where the tool left it.
 */
export function importHistory(
  opts: ProjectOptions & LockOptions & { readonly tool: "dbmate" | "golang-migrate" | "goose" | "flyway"; readonly directory: string },
): Promise<Document<"import">> {
  return withContext(opts, async (ctx) => {
    const { importHistory: run } = await import("../commands/import.ts");
    return documentOf("import", await run(ctx, { tool: opts.tool, directory: opts.directory, stampDatabase: opts.url !== undefined, noLock: opts.noLock === true }));
  });
}

/**
 * `retort import alembic <ini>`: renders each Alembic revision with Alembic itself (`python`, with
 * `env`, default this process's environment) into a SQL revision; with `url`, recovers the ones
 * that fail offline in that empty database. Revisions needing manual work are listed in the
 * document's `manualWork` (the command line exits 1 for them).
 */
export function importAlembic(
  opts: ProjectOptions & { readonly source: string; readonly python?: string; readonly env?: Readonly<Record<string, string | undefined>> },
): Promise<Document<"import-alembic">> {
  return withContext(opts, async (ctx) => {
    const { importAlembic: run } = await import("../commands/import-alembic.ts");
    const r = await run(ctx, { source: opts.source, env: opts.env ?? process.env, recoverWithDatabase: opts.url !== undefined, ...(opts.python === undefined ? {} : { python: opts.python }) });
    return documentOf("import-alembic", r);
  });
}

/**
 * `retort check [--database]`: resolves to the clean result; when the schema files and the
 * revisions disagree (or the database drifted), rejects with SchemaDriftError, whose `findings`
 * hold the differences.
 */
export function check(opts: ProjectOptions & { readonly database?: boolean; readonly lint?: boolean } = {}): Promise<Document<"check">> {
  return withContext(opts, async (ctx) => {
    const r = await (await import("../commands/check.ts")).check(ctx, { database: opts.database === true, lint: opts.lint === true });
    return documentOf("check", { ...r, clean: true, lint: r.lint ?? null });
  });
}

/** Options of `revision`, under the command line's names. */
export interface RevisionLibraryOptions extends ProjectOptions {
  readonly message: string;
  readonly head?: string;
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  readonly ts?: boolean;
  readonly versionPath?: string;
  readonly autogenerate?: boolean;
  /** With `autogenerate`: false writes the plain form in one revision (`--no-online`); default true. */
  readonly online?: boolean;
}

/**
 * `retort revision -m …`: writes a new revision, or with `autogenerate` the revisions that turn the
 * schema of the revisions into the schema files (`revisions` lists every file written).
 */
export function revision(opts: RevisionLibraryOptions): Promise<Document<"revision">> {
  return withContext(opts, async (ctx) => {
    const r = await (await import("../commands/revision.ts")).revision(ctx, {
      message: opts.message,
      head: opts.head ?? "head",
      splice: opts.splice === true,
      branchLabels: opts.branchLabels ?? [],
      dependsOn: opts.dependsOn ?? [],
      ts: opts.ts === true,
      ...(opts.revId !== undefined ? { revId: opts.revId } : {}),
      ...(opts.versionPath !== undefined ? { versionPath: opts.versionPath } : {}),
      autogenerate: opts.autogenerate === true,
      online: opts.online !== false,
    });
    return documentOf("revision", { ...r, steps: r.steps ?? null });
  });
}

/** `retort diff --from A --to B`: the SQL that turns one schema into another (defaults as on the command line). */
export function diff(opts: ProjectOptions & { readonly from?: string; readonly to?: string } = {}): Promise<Document<"diff">> {
  return withContext(opts, async (ctx) => {
    const r = await (await import("../commands/diff.ts")).diff(ctx, { from: opts.from ?? "migrations", to: opts.to ?? "schema" });
    return documentOf("diff", r);
  });
}

/** `retort dump [--from A]`: SQL that recreates a schema in an empty database. */
export function dump(opts: ProjectOptions & { readonly from?: string } = {}): Promise<Document<"dump">> {
  return withContext(opts, async (ctx) => {
    const r = await (await import("../commands/dump.ts")).dump(ctx, { from: opts.from ?? "migrations" });
    return documentOf("dump", r);
  });
}

/**
 * `retort lint [files]`: resolves to the report when no finding is an error; otherwise rejects with
 * LintFindingsError, whose `report` holds every finding. Relative `files` start at `cwd` (default:
 * the project directory).
 */
export function lint(opts: ProjectOptions & { readonly files?: readonly string[]; readonly all?: boolean; readonly range?: string } = {}): Promise<Document<"lint">> {
  return withContext(opts, async (ctx) => {
    const r = await (await import("../commands/lint.ts")).lint(ctx, { files: opts.files ?? [], all: opts.all === true, ...(opts.range !== undefined ? { range: opts.range } : {}), ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
    return documentOf("lint", r);
  });
}
