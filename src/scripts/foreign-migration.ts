/**
 * The shape every other tool's migration is read into before it becomes a retort revision, and
 * what the parsers share: the stable revision id of a version and the create date a timestamp
 * version stands for.
 */
import { sha256Hex } from "./sha256.ts";

/** The tools whose histories `retort import` converts (besides Alembic). */
export const FOREIGN_TOOLS = ["dbmate", "golang-migrate", "goose", "flyway"] as const;
export type ForeignTool = (typeof FOREIGN_TOOLS)[number];

/** One file of the tool's migrations directory. */
export interface ForeignFile {
  readonly name: string;
  readonly text: string;
}

/** One migration of another tool, as a retort revision will hold it. */
export interface ForeignMigration {
  /** The version as the tool records it in its table (Flyway's normalised: `1.2.3`). */
  readonly version: string;
  /** The description part of the file name, `_` read as spaces. */
  readonly message: string;
  /** The files it was read from (up first). */
  readonly files: readonly string[];
  readonly upSql: string;
  /** Undefined when the tool has no down part for it. */
  readonly downSql: string | undefined;
  /** False when the tool runs it outside a transaction. */
  readonly transaction: boolean;
  /** `YYYY-MM-DD HH:MM:SS` when the version is a `YYYYMMDDHHMMSS` timestamp. */
  readonly createDate: string | undefined;
}

/** A file of the directory that is not a migration of the tool, and why it was left out. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** What a parser makes of a directory: the migrations in the tool's order, and the files it left out. */
export interface ForeignHistory {
  readonly migrations: readonly ForeignMigration[];
  readonly skipped: readonly SkippedFile[];
}

/**
 * The retort revision id of a tool's version: 12 hex characters of sha256("tool:version"), so a
 * second import of the same history gives the same ids.
 */
export function importedRevisionId(tool: ForeignTool, version: string): string {
  return sha256Hex(`${tool}:${version}`).slice(0, 12);
}

/** The message of a description taken from a file name (`add_users` → `add users`). */
export function messageOf(description: string, fallback: string): string {
  const text = description.replace(/_/g, " ").replace(/\s+/g, " ").trim();
  return text === "" ? fallback : text;
}

/** The create date a 14-digit `YYYYMMDDHHMMSS` version stands for, when it is a real date and time. */
export function timestampDate(version: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : undefined;
}

/** Compares two decimal digit strings as numbers (leading zeros ignored), without a size limit. */
export function compareNumeric(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Text with CRLF as LF and no BOM, as retort reads its own files. */
export function normaliseForeignText(text: string): string {
  return (text.startsWith("\uFEFF") ? text.slice(1) : text).replace(/\r\n/g, "\n");
}
