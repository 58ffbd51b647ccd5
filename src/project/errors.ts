/**
 * Errors raised by the services the verbs share: loading steps, finding the database, checksums,
 * schema files and diffs, offline scripts.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import type { UnsupportedDifference } from "../core/diff/diff.ts";
import { ScriptError, UsageError } from "../core/errors.ts";
import type { ChangedRevision } from "./checksums.ts";

/** A downgrade would pass through a revision whose file has no downgrade section. */
export class MissingDowngradeError extends ScriptError {
  static override readonly code = "missing-downgrade";
  readonly revision: string;
  readonly file: string;

  constructor(revision: string, file: string) {
    super(`${file}: revision "${revision}" has no downgrade`, "Add a `-- migrate:downgrade` section (or a `downgrade` export) to the file");
    this.revision = revision;
    this.file = file;
  }
}

/** No database URL was configured for a command that needs one. */
export class NoDatabaseUrlError extends UsageError {
  static override readonly code = "no-database-url";

  /** `alternative`: what the command can do without one, added to the hint. */
  constructor(alternative?: string) {
    super(
      "No database URL is configured",
      `Set DATABASE_URL in the environment or in .env, pass --url, or set database_url in retort.toml${alternative === undefined ? "" : `; or ${alternative}`}`,
    );
  }
}

/** Applied revisions were edited after they ran (exit 3). */
export class ChecksumMismatchError extends ScriptError {
  static override readonly code = "checksum-mismatch";
  readonly changed: readonly ChangedRevision[];

  constructor(changed: readonly ChangedRevision[]) {
    super(
      `${changed.length === 1 ? "An applied revision has" : `${changed.length} applied revisions have`} changed since ${changed.length === 1 ? "it was" : "they were"} applied:\n${changed.map((c) => `  ${c.file} (revision "${c.revision}")`).join("\n")}`,
      "Restore the files, or put the change in a new revision; if the edit is deliberate (a comment, a fix that was applied by hand), accept it with `retort rehash <revision>`",
    );
    this.changed = changed;
  }
}

/** One way a half-done revision's file differs from the statements an earlier run committed. */
export interface PartialRevisionChange {
  readonly what: string;
}

/** What a half-done `transaction: false` revision committed, and how its file changed since. */
export interface PartialRevisionSite {
  readonly revision: string;
  readonly file: string;
  readonly direction: "upgrade" | "downgrade";
  /** The statements an earlier run committed: their file line then, and text. */
  readonly committed: readonly { readonly line: number; readonly text: string }[];
  readonly changes: readonly PartialRevisionChange[];
}

/**
 * A `transaction: false` revision was left half done and its file changed since (exit 3): resuming
 * would skip statements that are not the ones committed, so nothing runs.
 */
export class PartialRevisionChangedError extends ScriptError {
  static override readonly code = "partial-revision-changed";
  readonly revision: string;
  readonly file: string;
  readonly direction: "upgrade" | "downgrade";
  readonly committed: readonly { readonly line: number; readonly text: string }[];
  readonly changes: readonly PartialRevisionChange[];

  constructor(site: PartialRevisionSite) {
    super(
      [
        `${site.file}: the ${site.direction} of revision "${site.revision}" was left half done, and the file has changed since`,
        "Already committed by an earlier run:",
        ...site.committed.map((c) => `  line ${c.line}: ${c.text.split("\n")[0]}`),
        "Changed since:",
        ...site.changes.map((c) => `  ${c.what}`),
      ].join("\n"),
      `Restore the file so that it starts with the committed statements, and run again to resume after them; or finish or undo them by hand, then forget the record with \`retort rehash ${site.revision}\` (the next run starts the revision from its first statement; after finishing it by hand, \`retort stamp ${site.revision}\` marks it applied instead)`,
    );
    this.revision = site.revision;
    this.file = site.file;
    this.direction = site.direction;
    this.committed = site.committed;
    this.changes = site.changes;
  }
}

/** Differences the diff cannot write yet: refusing beats a script that silently leaves them out. */
export class UnsupportedDiffError extends ScriptError {
  static override readonly code = "unsupported-diff";
  readonly differences: readonly UnsupportedDifference[];

  constructor(differences: readonly UnsupportedDifference[]) {
    super(
      `retort cannot write SQL for ${differences.length === 1 ? "this difference" : "these differences"} yet:\n${differences.map((d) => `  ${d.what}: ${d.object}`).join("\n")}`,
      "Write that part of the change by hand in a revision; the rest can still be generated once the two sides agree on it",
    );
    this.differences = differences;
  }
}

/** A TypeScript revision cannot be rendered as SQL. */
export class OfflineTypeScriptError extends UsageError {
  static override readonly code = "offline-typescript";
  readonly revision: string;
  readonly file: string;

  constructor(revision: string, file: string) {
    super(
      `Cannot render revision "${revision}" as SQL: ${file} is a TypeScript revision`,
      "Run this range online, or leave the TypeScript revision out of the --sql range",
    );
    this.revision = revision;
    this.file = file;
  }
}

/** A schema path that does not exist. */
export class MissingSchemaFileError extends UsageError {
  static override readonly code = "missing-schema-file";
  readonly path: string;

  constructor(path: string) {
    super(
      `Schema file "${path}" does not exist`,
      "Create it (`retort dump > schema.sql` starts one from the revisions), or point `schema` in retort.toml at your schema files",
    );
    this.path = path;
  }
}

/** `revision --version-path <dir>` names a directory that is not a version location (Alembic refuses it too). */
export class VersionPathNotConfiguredError extends UsageError {
  static override readonly code = "version-path-not-configured";
  readonly versionPath: string;
  readonly versionLocations: readonly string[];

  constructor(versionPath: string, versionLocations: readonly string[]) {
    super(
      `Path "${versionPath}" is not one of the version locations: ${versionLocations.map((l) => `"${l}"`).join(", ")}`,
      "Add it to version_locations in retort.toml first, so that every command reads the revisions written there",
    );
    this.versionPath = versionPath;
    this.versionLocations = versionLocations;
  }
}
