/**
 * Writing new revisions, Alembic-style: an id, a file name from `file_template`, the file's text
 * (SQL or TS), and a create-only write that can neither overwrite nor escape the versions directory.
 */
import { lstat, realpath, writeFile } from "node:fs/promises";
import { join, relative, isAbsolute } from "node:path";
import { RevisionFileExistsError, RevisionWriteFailedError, UnsafeRevisionPathError, VersionsDirectoryError } from "./errors.ts";
import type { RevisionHeader } from "./revision-header.ts";
import { DOWNGRADE_MARKER, UPGRADE_MARKER } from "./sql-revision.ts";

export { generateRevisionId, validateRevisionId } from "./revision-id.ts";
export { DEFAULT_FILE_TEMPLATE, renderFileName, slugify, type FileNameTokens } from "./file-name.ts";

/**
 * What a new revision file says about itself: a header whose message (the `-m` message) loses its
 * blank lines and surrounding spaces when written, and whose create date may be given as a Date.
 */
export interface NewRevision extends Omit<RevisionHeader, "createDate" | "timeouts"> {
  /** A Date is written in local time as `YYYY-MM-DD HH:MM:SS`, like Alembic's default. */
  readonly createDate: Date | string;
}

/** A new SQL revision: its header plus the section bodies (empty by default). */
export interface NewSqlRevision extends NewRevision {
  readonly upgradeSql?: string;
  readonly downgradeSql?: string;
}

/** A new TS revision: its exports plus the function bodies (empty by default). */
export interface NewTsRevision extends NewRevision {
  readonly upgradeBody?: string;
  readonly downgradeBody?: string;
}

/** `date` as `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatCreateDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${String(date.getFullYear()).padStart(4, "0")}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

function createDateText(createDate: Date | string): string {
  return typeof createDate === "string" ? createDate : formatCreateDate(createDate);
}

function messageLines(message: string): string[] {
  const lines = message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines.length === 0 ? ["empty message"] : lines;
}

/** `key: value`, without trailing space when the value is empty. */
function headerLine(key: string, value: string): string {
  return value === "" ? `-- ${key}:` : `-- ${key}: ${value}`;
}

/** Text with CRLF as LF and no blank space around it, ending in "\n" unless empty. */
function block(text: string | undefined): string {
  const trimmed = (text ?? "").replace(/\r\n/g, "\n").trim();
  return trimmed === "" ? "" : `${trimmed}\n`;
}

/** The text of a new SQL revision file; `parseSqlRevision` reads it back to the same values. */
export function renderSqlRevision(r: NewSqlRevision): string {
  const header = [
    ...messageLines(r.message).map((l) => `-- ${l}`),
    "--",
    headerLine("revision", r.id),
    headerLine("down_revision", r.downRevisions.join(", ")),
    headerLine("branch_labels", r.branchLabels.join(", ")),
    headerLine("depends_on", r.dependsOn.join(", ")),
    headerLine("create_date", createDateText(r.createDate)),
    headerLine("transaction", String(r.transaction)),
  ].join("\n");
  return `${header}\n\n${UPGRADE_MARKER}\n${block(r.upgradeSql)}\n${DOWNGRADE_MARKER}\n${block(r.downgradeSql)}`;
}

/** A TS array or string literal for a list, as Alembic writes a tuple or a scalar. */
function listLiteral(values: readonly string[]): string {
  if (values.length === 0) return "null";
  if (values.length === 1) return JSON.stringify(values[0]);
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

function functionBody(body: string | undefined): string {
  const text = block(body) || "// await sql`...`;\n";
  return text.replace(/^(?=.)/gm, "  ");
}

/** The text of a new TS revision file; `loadTsRevision` reads it back to the same values. */
export function renderTsRevision(r: NewTsRevision): string {
  const list = "string | readonly string[] | null";
  return [
    `import type { MigrationContext } from "retort";`,
    "",
    `export const revision = ${JSON.stringify(r.id)};`,
    `export const down_revision: ${list} = ${listLiteral(r.downRevisions)};`,
    `export const branch_labels: ${list} = ${listLiteral(r.branchLabels)};`,
    `export const depends_on: ${list} = ${listLiteral(r.dependsOn)};`,
    `export const create_date = ${JSON.stringify(createDateText(r.createDate))};`,
    `export const message = ${JSON.stringify(messageLines(r.message).join("\n"))};`,
    `export const transaction = ${r.transaction};`,
    "",
    `export async function upgrade({ sql }: MigrationContext): Promise<void> {`,
    `${functionBody(r.upgradeBody)}}`,
    "",
    `export async function downgrade({ sql }: MigrationContext): Promise<void> {`,
    `${functionBody(r.downgradeBody)}}`,
    "",
  ].join("\n");
}

/**
 * Creates `dir/fileName` with `content`, mode 0o644 (less under a stricter umask), and returns its
 * path. Refuses to overwrite anything, and refuses a name that would land outside `dir`.
 */
export async function writeRevisionFile(dir: string, fileName: string, content: string): Promise<string> {
  const display = join(dir, fileName);
  if (fileName === "" || fileName === "." || fileName === ".." || /[/\\\0]/.test(fileName)) {
    throw new UnsafeRevisionPathError(display, fileName, `"${fileName}" is not a plain file name`);
  }
  let realDir: string;
  try {
    realDir = await realpath(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") {
      throw new VersionsDirectoryError(dir, "it does not exist", "Run `retort init` to create it, or set script_location in retort.toml", { cause: error });
    }
    throw new VersionsDirectoryError(dir, (error as Error).message, undefined, { cause: error });
  }
  const target = join(realDir, fileName);
  const rel = relative(realDir, target);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new UnsafeRevisionPathError(display, fileName, "it would be written outside the versions directory");
  }
  // lstat, not stat: a symlink (even a dangling one) at the name is refused, never followed.
  const existing = await lstat(target).catch(() => undefined);
  if (existing !== undefined) {
    throw new RevisionFileExistsError(display, existing.isSymbolicLink() ? "symbolic link" : "file");
  }
  try {
    // "wx" is O_CREAT|O_EXCL: the kernel refuses if the name appeared since the lstat above.
    await writeFile(target, content, { flag: "wx", mode: 0o644 });
  } catch (error) {
    if ((error as { code?: unknown }).code === "EEXIST") {
      throw new RevisionFileExistsError(display, "file", { cause: error });
    }
    throw new RevisionWriteFailedError(display, error);
  }
  return display;
}
