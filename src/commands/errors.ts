/** Errors raised by commands themselves (as opposed to the graph, the files or the server). */
import { ExitCode, RetortError, ScriptError, UsageError } from "../core/errors.ts";

/** A downgrade would pass through a revision whose file has no downgrade section. */
export class MissingDowngradeError extends ScriptError {
  readonly code = "missing-downgrade";
  constructor(readonly revision: string, readonly file: string) {
    super(`${file}: revision "${revision}" has no downgrade`, "Add a `-- migrate:downgrade` section (or a `downgrade` export) to the file");
  }
}

/** No database URL was configured for a command that needs one. */
export class NoDatabaseUrlError extends UsageError {
  constructor() {
    super(
      "No database URL is configured",
      "Set DATABASE_URL in the environment or in .env, pass --url, or set database_url in retort.toml",
      "no-database-url",
    );
  }
}

/** `current --check-heads` found the database behind its heads (exit 1). */
export class NotAtHeadsError extends RetortError {
  readonly code = "not-at-heads";
  readonly exitCode = ExitCode.checkFailed;
  constructor(readonly current: readonly string[], readonly heads: readonly string[]) {
    super(
      `The database is not on all head revisions: it is at ${current.length ? current.map((c) => `"${c}"`).join(", ") : "base"}, the heads are ${heads.map((h) => `"${h}"`).join(", ")}`,
      "Run `retort upgrade heads`",
    );
  }
}

/** `init` would overwrite an existing, non-empty directory. */
export class InitTargetExistsError extends UsageError {
  constructor(readonly directory: string) {
    super(`Directory "${directory}" already exists and is not empty`, "Choose another directory, or remove this one first", "init-exists");
  }
}

/** `revision --head X` names a revision that already has children, without `--splice`. */
export class NotAHeadError extends UsageError {
  constructor(readonly revision: string) {
    super(
      `Revision "${revision}" is not a head revision`,
      "Pass --splice to start a new branch from it, or base the new revision on a head",
      "not-a-head",
    );
  }
}
