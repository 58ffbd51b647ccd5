/**
 * Loads a TypeScript revision with `import()` and checks its exports with zod, so the rest of
 * retort sees the same plain, validated shape as for a SQL revision.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type postgres from "postgres";
import { parseDuration } from "../config/duration.ts";
import { currentRuntime } from "../config/runtime.ts";
import { RevisionFileError } from "./errors.ts";
import type { RevisionHeader } from "./revision-header.ts";
import { labelProblem, revisionIdProblem } from "./revision-id.ts";
import { durationProblem } from "./sql-revision.ts";

// zod schemas of ids and labels, built on the same rule functions the SQL header parser uses.
function refineWith(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const why = problem(value);
    if (why !== undefined) ctx.addIssue({ code: "custom", message: `"${value}": ${why}` });
  });
}

/** zod schema of one revision id. */
const revisionIdSchema = refineWith(revisionIdProblem);

/** zod schema of one branch label or dependency (an id or a label). */
const labelSchema = refineWith(labelProblem);

/** Ensures no entry of a list appears twice, so the graph never sees a doubled edge. */
function uniqueEntries<T extends z.ZodType<readonly string[]>>(schema: T) {
  return schema.superRefine((values, ctx) => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) ctx.addIssue({ code: "custom", message: `"${value}" is listed twice` });
      seen.add(value);
    }
  });
}

/** What a TS revision's `upgrade` / `downgrade` receives. */
export interface MigrationContext {
  /** The open transaction, or the connection for a `transaction = false` revision. */
  readonly sql: postgres.Sql | postgres.TransactionSql;
}

/** A TS revision's `upgrade` or `downgrade` function. */
export type MigrationFunction = (ctx: MigrationContext) => Promise<void> | void;

/** The validated exports of a TS revision: its header and its functions. */
export interface TsRevisionModule extends RevisionHeader {
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction | undefined;
}

/** Options for `loadTsRevision`. */
export interface LoadTsRevisionOptions {
  /**
   * Imports the file afresh for each key, so an edited file is not served from the module cache.
   * Node and Deno cache by URL, so `?v=<key>` is enough; Bun ignores the query and keeps the
   * first version, so under Bun a copy named after the key is imported instead.
   */
  readonly cacheKey?: string;
}

const migrationFunction = z.custom<MigrationFunction>((v) => typeof v === "function", {
  error: (issue) => `expected a function, received ${describe(issue.input)}`,
});

// Alembic accepts a string or a tuple; an array is the TS spelling. A lone string is never split,
// so a string `depends_on` cannot be mistaken for a list of characters (Alembic 1.6 hung on that).
const idList = (item: z.ZodType<string, string>) =>
  uniqueEntries(
    z.preprocess(
      (v) => (v === null ? [] : typeof v === "string" ? [v] : v),
      z.array(item, { error: (issue) => `expected a string, an array of strings or null, received ${describe(issue.input)}` }),
    ),
  );

/** A duration export (`"5s"`), checked by the same rule as the SQL header, as milliseconds. */
const durationExport = (positive: boolean) =>
  z
    .string({ error: (issue) => `expected a duration string such as "5s", received ${describe(issue.input)}` })
    .superRefine((value, ctx) => {
      const why = durationProblem(value, positive);
      if (why !== undefined) ctx.addIssue({ code: "custom", message: why });
    })
    .transform((value) => parseDuration(value, ""));

const exportsSchema = z.object({
  revision: revisionIdSchema,
  down_revision: idList(revisionIdSchema),
  branch_labels: idList(labelSchema).optional(),
  depends_on: idList(labelSchema).optional(),
  message: z.string().optional(),
  create_date: z.string().optional(),
  transaction: z.boolean().optional(),
  lock_timeout: durationExport(true).optional(),
  statement_timeout: durationExport(false).optional(),
  lock_retry_budget: durationExport(false).optional(),
  upgrade: migrationFunction,
  downgrade: migrationFunction.optional(),
});

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/** The URL to import `path` from, distinct for each `cacheKey` (see LoadTsRevisionOptions). */
function moduleUrl(path: string, cacheKey: string | undefined): string {
  if (cacheKey === undefined) return pathToFileURL(path).href;
  if (currentRuntime() !== "bun") return `${pathToFileURL(path).href}?v=${encodeURIComponent(cacheKey)}`;
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  const dir = join(tmpdir(), `retort-ts-${uid ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Code is imported from here: another user's directory of that name must not be trusted.
  if (uid !== undefined && statSync(dir).uid !== uid) throw new RevisionFileError(path, undefined, `cannot import a fresh copy: ${dir} belongs to another user`, "Remove it, or set TMPDIR");
  const copy = join(dir, `${cacheKey.replace(/[^A-Za-z0-9]/g, "")}-${basename(path)}`);
  if (!existsSync(copy)) {
    // Written under a temporary name and renamed, so a concurrent import never sees half a file.
    const tmp = `${copy}.${process.pid}.tmp`;
    copyFileSync(path, tmp);
    renameSync(tmp, copy);
  }
  return pathToFileURL(copy).href;
}

/** Imports the TS revision at `path` and validates its exports; errors name the file. */
export async function loadTsRevision(path: string, options: LoadTsRevisionOptions = {}): Promise<TsRevisionModule> {
  const url = moduleUrl(path, options.cacheKey);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    const hint =
      code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? "This runtime cannot load .ts files; run retort's binary, Bun or Deno"
        : code === "ERR_MODULE_NOT_FOUND" && !detail.includes(path)
          ? "A TS revision must not import packages (the binary has none): use only the `sql` handle it is given"
          : undefined;
    throw new RevisionFileError(path, undefined, `cannot import the revision: ${detail}`, hint, { cause: error });
  }
  // A module namespace is an exotic object; copy the exports zod should see into a plain one.
  const exports = Object.fromEntries(Object.keys(exportsSchema.shape).map((k) => [k, module[k]]));
  const result = exportsSchema.safeParse(exports);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "");
    const line = await exportLine(path, name);
    const reason =
      exports[name] === undefined
        ? `missing export "${name}"${name === "down_revision" ? " (use null for a base revision)" : ""}`
        : `invalid export "${name}": ${issue.message.replace(/^Invalid input: /, "")}`;
    throw new RevisionFileError(path, line, reason);
  }
  const v = result.data;
  return {
    id: v.revision,
    downRevisions: v.down_revision,
    branchLabels: v.branch_labels ?? [],
    dependsOn: v.depends_on ?? [],
    message: v.message ?? "",
    createDate: v.create_date === undefined || v.create_date === "" ? undefined : v.create_date,
    transaction: v.transaction ?? true,
    timeouts: v.lock_timeout === undefined && v.statement_timeout === undefined && v.lock_retry_budget === undefined ? undefined : {
      ...(v.lock_timeout !== undefined ? { lockTimeoutMs: v.lock_timeout } : {}),
      ...(v.statement_timeout !== undefined ? { statementTimeoutMs: v.statement_timeout } : {}),
      ...(v.lock_retry_budget !== undefined ? { retryBudgetMs: v.lock_retry_budget } : {}),
    },
    upgrade: v.upgrade,
    downgrade: v.downgrade,
  };
}

/** The line declaring export `name`, so a type error points at it; undefined when not found. */
async function exportLine(path: string, name: string): Promise<number | undefined> {
  if (!/^\w+$/.test(name)) return undefined;
  const text = await readFile(path, "utf8").catch(() => "");
  const declaration = new RegExp(`^\\s*export\\s+(?:const|let|var|(?:async\\s+)?function\\*?)\\s+${name}\\b`);
  const index = text.split("\n").findIndex((line) => declaration.test(line));
  return index === -1 ? undefined : index + 1;
}
