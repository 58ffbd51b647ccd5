/** Errors of matching a database another tool manages with that tool's migration files (`retort import --url`). */
import { quoted, ScriptError } from "./_error-base.ts";

/**
 * The tool's table records versions the files do not have, or not a prefix of the files' order:
 * stamping would claim revisions that never ran, or skip some that did (exit 3).
 */
export class ForeignHistoryMismatchError extends ScriptError {
  static override readonly code = "import-history-mismatch";
  readonly tool: string;
  /** Applied versions that no file has. */
  readonly unknown: readonly string[];
  /** Versions of the files, before the newest applied one, that the database has not applied. */
  readonly skipped: readonly string[];
  constructor(tool: string, unknown: readonly string[], skipped: readonly string[]) {
    const reasons = [
      ...(unknown.length ? [`it has applied ${quoted(unknown)}, which no file has`] : []),
      ...(skipped.length ? [`it has not applied ${quoted(skipped)}, which come before versions it has`] : []),
    ];
    super(
      `Cannot stamp the database from its ${tool} history: ${reasons.join(", and ")}`,
      unknown.length
        ? `Import from the ${tool} directory this database was migrated with`
        : `Apply the missing versions with ${tool} first, so the applied versions are the first ones of the files`,
    );
    this.tool = tool;
    this.unknown = unknown;
    this.skipped = skipped;
  }
}
