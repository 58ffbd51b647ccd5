/** Errors raised by the verbs themselves (as opposed to the graph, the files or the server). */
import { CheckFailedError, UsageError } from "../core/errors.ts";

/** `current --check-heads` found the database behind its heads (exit 1). */
export class NotAtHeadsError extends CheckFailedError {
  readonly code = "not-at-heads";
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

/** `check` found differences (exit 1); the result with the SQL was printed first. */
export class SchemaDriftError extends CheckFailedError {
  readonly code = "schema-drift";
  /** The check's own JSON document already says so: no error document follows it. */
  readonly documented = true;
  constructor(message: string, hint: string) {
    super(message, hint);
  }
}
