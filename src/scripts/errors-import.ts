/**
 * Errors of reading another tool's migrations (`retort import`). Each names the file and says why
 * it cannot become a retort revision.
 */
import { ScriptError, UsageError } from "../core/errors.ts";

/** A migration file of another tool that cannot be converted: `path:line: reason` (exit 3). */
export class ForeignMigrationError extends ScriptError {
  static override readonly code = "foreign-migration";
  readonly tool: string;
  readonly file: string;
  /** 1-based line of the problem, when it has one. */
  readonly line: number | undefined;
  readonly reason: string;
  constructor(tool: string, file: string, line: number | undefined, reason: string, hint?: string) {
    super(`Cannot import ${tool} migration "${file}"${line === undefined ? "" : ` (line ${line})`}: ${reason}`, hint);
    this.tool = tool;
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** The directory given to `retort import` is missing, not a directory, or holds no migration of that tool (exit 2). */
export class ForeignDirectoryError extends UsageError {
  static override readonly code = "import-directory";
  readonly tool: string;
  readonly directory: string;
  readonly reason: string;
  constructor(tool: string, directory: string, reason: string, hint?: string, options?: ErrorOptions) {
    super(`Cannot import ${tool} migrations from "${directory}": ${reason}`, hint, options);
    this.tool = tool;
    this.directory = directory;
    this.reason = reason;
  }
}

/** A revision file with an imported revision's id exists and says something else: import never overwrites (exit 3). */
export class ImportConflictError extends ScriptError {
  static override readonly code = "import-conflict";
  readonly path: string;
  readonly revision: string;
  readonly version: string;
  constructor(path: string, revision: string, version: string) {
    super(
      `Cannot import version ${version} as revision "${revision}": "${path}" already holds that revision with other content`,
      "Import never overwrites a revision file: move that file away (or keep it, and skip the import) and run it again",
    );
    this.path = path;
    this.revision = revision;
    this.version = version;
  }
}
