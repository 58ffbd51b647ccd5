/**
 * Errors of reading another tool's migrations (`retort import`). Each names the file and says why
 * it cannot become a retort revision.
 */
import { CheckFailedError, ScriptError, UsageError } from "../core/errors.ts";

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

/** The Python given to `import alembic` (`--python`, default `python3`) cannot be run or cannot `import alembic` (exit 2). */
export class AlembicUnavailableError extends UsageError {
  static override readonly code = "alembic-unavailable";
  readonly python: string;
  readonly reason: string;
  constructor(python: string, reason: string, options?: ErrorOptions) {
    super(
      `Cannot render Alembic revisions with "${python}": ${reason}`,
      "Give the Python that runs the project's Alembic with --python (a virtualenv's bin/python, or /usr/bin/python3 with python3-alembic)",
      options,
    );
    this.python = python;
    this.reason = reason;
  }
}

/** Alembic itself failed on the project (its env.py, the script directory, an online upgrade), with Python's message (exit 3). */
export class AlembicRunError extends ScriptError {
  static override readonly code = "alembic-run";
  readonly ini: string;
  readonly reason: string;
  constructor(ini: string, reason: string, hint?: string) {
    super(`Alembic failed on "${ini}": ${reason}`, hint ?? "Run the same with alembic itself (alembic upgrade head --sql) to see it, and set PYTHONPATH and the variables env.py reads");
    this.ini = ini;
    this.reason = reason;
  }
}

/** `import alembic --url` names a database that holds tables: the online recovery runs Alembic there, so it must be empty (exit 2). */
export class RecoveryDatabaseNotEmptyError extends UsageError {
  static override readonly code = "import-database-not-empty";
  readonly tables: readonly string[];
  constructor(tables: readonly string[]) {
    super(
      `Cannot recover revisions from schema in a database that is not empty: it holds ${tables.slice(0, 5).map((t) => `"${t}"`).join(", ")}${tables.length > 5 ? ` and ${tables.length - 5} more` : ""}`,
      "With --url, give an empty database that Alembic may upgrade (createdb myapp_import), never a live one",
    );
    this.tables = tables;
  }
}

/** `import alembic` wrote revisions that need porting by hand: the import's exit code for scripts (exit 1). */
export class ImportNeedsManualWorkError extends CheckFailedError {
  static override readonly code = "import-manual-work";
  /** The revisions to port by hand. */
  readonly revisions: readonly string[];
  constructor(revisions: readonly string[]) {
    super(
      `${revisions.length} imported revision${revisions.length === 1 ? "" : "s"} need${revisions.length === 1 ? "s" : ""} manual work: ${revisions.join(", ")}`,
      'Each such file has a "PORT BY HAND" comment in its sections that names the Alembic file and what to port',
    );
    this.revisions = revisions;
  }
}
