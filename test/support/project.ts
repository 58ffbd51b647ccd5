/** Writing revision files in the documented formats, for tests that build projects on disk. */
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { CliResult } from "./binary.ts";

export interface SqlRevisionSpec {
  readonly id: string;
  readonly down?: string | readonly string[];
  readonly message?: string;
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly upgrade: string;
  readonly downgrade?: string;
  /** `false` writes `-- transaction: false`. */
  readonly transactional?: boolean;
  /** More header lines, such as `{ lock_timeout: "5s" }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The text of a SQL revision file. */
export function sqlRevisionText(spec: SqlRevisionSpec): string {
  const down = spec.down === undefined ? "" : typeof spec.down === "string" ? spec.down : spec.down.join(", ");
  return [
    `-- ${spec.message ?? `revision ${spec.id}`}`,
    "--",
    `-- revision: ${spec.id}`,
    `-- down_revision: ${down}`,
    `-- branch_labels: ${(spec.labels ?? []).join(", ")}`,
    `-- depends_on: ${(spec.dependsOn ?? []).join(", ")}`,
    "-- create_date: 2026-11-24 10:00:00",
    ...(spec.transactional === false ? ["-- transaction: false"] : []),
    ...Object.entries(spec.headers ?? {}).map(([key, value]) => `-- ${key}: ${value}`),
    "",
    "-- migrate:upgrade",
    spec.upgrade,
    "",
    ...(spec.downgrade === undefined ? [] : ["-- migrate:downgrade", spec.downgrade, ""]),
  ].join("\n");
}

/** Writes `migrations/versions/<id>_<slug>.sql` under `dir` and returns its path. */
export function writeSqlRevision(dir: string, spec: SqlRevisionSpec): string {
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  const path = join(versions, `${spec.id}_${(spec.message ?? "rev").replace(/\W+/g, "_")}.sql`);
  writeFileSync(path, sqlRevisionText(spec));
  return path;
}

/** Writes a `.env` with DATABASE_URL. */
export function writeEnv(dir: string, databaseUrl: string): void {
  writeFileSync(join(dir, ".env"), `# written by the test\nDATABASE_URL=${databaseUrl}\n`);
}

/**
 * Runs `fn` while the file at `path` has `edit.from` replaced by `edit.to` (dated `edit.mtime`
 * when given), then puts its text and its times back.
 */
export async function whileEdited<T>(path: string, edit: { readonly from: string; readonly to: string; readonly mtime?: Date }, fn: () => Promise<T>): Promise<T> {
  const text = readFileSync(path, "utf8");
  if (!text.includes(edit.from)) throw new Error(`${path} does not contain ${JSON.stringify(edit.from)}`);
  const { atime, mtime } = statSync(path);
  writeFileSync(path, text.replace(edit.from, edit.to));
  if (edit.mtime !== undefined) utimesSync(path, edit.mtime, edit.mtime);
  try {
    return await fn();
  } finally {
    writeFileSync(path, text);
    utimesSync(path, atime, mtime);
  }
}

/**
 * While the revision file at `path` is edited (see whileEdited), `run` must be refused as a change
 * to an applied revision: exit 3, naming the file and `revision`.
 */
export async function expectEditRefused(path: string, revision: string, edit: Parameters<typeof whileEdited>[1], run: () => Promise<CliResult>): Promise<void> {
  await whileEdited(path, edit, async () => {
    const r = await run();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${path} (revision "${revision}")`);
  });
}
