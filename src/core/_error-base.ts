/**
 * The error base classes and exit codes, in a module with no imports so that every errors file can
 * extend them without an import cycle. Re-exported by errors.ts; import them from there.
 *
 * The class tree is the exit-code table of the README: each family below sets the exit code once,
 * and every concrete error names its own kebab-case code, both as `static readonly` members so that
 * the codes can be listed (and tested against the README) without constructing an error. The
 * constructor copies them onto the instance, where `--json` and library callers read them.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */

/** Process exit codes, as documented in the README. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  scripts: 3,
  database: 4,
  lockTimeout: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: a stable `code`, the process `exitCode`, an optional `hint`, and the wrapped error as `cause`. */
export abstract class RetortError extends Error {
  /** The kebab-case code of a concrete error class: a documented contract of `--json` and the library. */
  declare static readonly code: string;
  /** The exit code of a family; concrete classes inherit it. */
  declare static readonly exitCode: ExitCode;

  /** The class's code, e.g. `unknown-revision`. */
  readonly code: string;
  /** The process exit code of the error's family. */
  readonly exitCode: ExitCode;
  /** One sentence that tells the user what to do about it. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = new.target.code;
    this.exitCode = new.target.exitCode;
    this.hint = hint;
  }
}

/**
 * A check found what it looks for (exit 1): `check`, `current --check-heads`. The command decides
 * that its check failed and throws one of these with the findings; the CLI only renders it.
 */
export abstract class CheckFailedError extends RetortError {
  static override readonly exitCode = ExitCode.checkFailed;
}

/** A command-line or configuration mistake (exit 2). */
export abstract class UsageError extends RetortError {
  static override readonly exitCode = ExitCode.usage;
}

/** Something wrong with the revision scripts or their graph (exit 3). */
export abstract class ScriptError extends RetortError {
  static override readonly exitCode = ExitCode.scripts;
}

/** A failure that comes from the server or the connection (exit 4). */
export abstract class DatabaseError extends RetortError {
  static override readonly exitCode = ExitCode.database;
}

/** Another process holds what this run needs: the migration lock, an embedded data directory (exit 5). */
export abstract class LockUnavailableError extends RetortError {
  static override readonly exitCode = ExitCode.lockTimeout;
}

/** The run was interrupted (Ctrl-C, SIGTERM): the open transaction was rolled back (exit 130). */
export class InterruptedError extends RetortError {
  static override readonly exitCode = ExitCode.interrupted;
  static override readonly code = "interrupted";
  readonly signal: string;

  constructor(signal: string, options?: ErrorOptions) {
    super(
      `Interrupted by ${signal}: the open transaction was rolled back and the lock released`,
      "Steps committed before the interruption (transaction_per_migration, transaction: false) are recorded in the version table; run `retort current` to see where the database is",
      options,
    );
    this.signal = signal;
  }
}

/** `"a", "b", "c"`, capped so a 10,000-revision graph does not produce a 10,000-item message. */
export function quoted(values: readonly string[], max = 10): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`).join(", ");
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
