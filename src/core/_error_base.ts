/**
 * The error base classes and exit codes, in a module with no imports so that every errors file can
 * extend them without an import cycle. Re-exported by errors.ts; import them from there.
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

/** Base class: a stable `code`, the process `exitCode`, and an optional `hint` saying what to do. */
export abstract class RetortError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  /** One sentence that tells the user what to do about it. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/**
 * A check found what it looks for (exit 1): `check`, `current --check-heads`. The command decides
 * that its check failed and throws one of these with the findings; the CLI only renders it.
 */
export abstract class CheckFailedError extends RetortError {
  readonly exitCode = ExitCode.checkFailed;
}

/** A command-line or configuration mistake (exit 2). */
export class UsageError extends RetortError {
  readonly code: string;
  readonly exitCode = ExitCode.usage;
  constructor(message: string, hint?: string, code = "usage") {
    super(message, hint);
    this.code = code;
  }
}

/** Something wrong with the revision scripts or their graph (exit 3). */
export abstract class ScriptError extends RetortError {
  readonly exitCode = ExitCode.scripts;
}

/** `"a", "b", "c"`, capped so a 10,000-revision graph does not produce a 10,000-item message. */
export function quoted(values: readonly string[], max = 10): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`).join(", ");
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
