/**
 * Errors raised by the verbs themselves (as opposed to the graph, the files or the server).
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { CheckFailedError, UsageError } from "../core/errors.ts";

/** `current --check-heads` found the database behind its heads (exit 1). */
export class NotAtHeadsError extends CheckFailedError {
  static override readonly code = "not-at-heads";
  readonly current: readonly string[];
  readonly heads: readonly string[];

  constructor(current: readonly string[], heads: readonly string[]) {
    super(
      `The database is not on all head revisions: it is at ${current.length ? current.map((c) => `"${c}"`).join(", ") : "base"}, the heads are ${heads.map((h) => `"${h}"`).join(", ")}`,
      "Run `retort upgrade heads`",
    );
    this.current = current;
    this.heads = heads;
  }
}

/** `check` found differences (exit 1); the result with the SQL was printed first. */
export class SchemaDriftError extends CheckFailedError {
  static override readonly code = "schema-drift";
  /** The check's own JSON document already says so: no error document follows it. */
  readonly documented = true;
}

/** `init` would overwrite an existing, non-empty directory. */
export class InitTargetExistsError extends UsageError {
  static override readonly code = "init-exists";
  readonly directory: string;

  constructor(directory: string) {
    super(`Directory "${directory}" already exists and is not empty`, "Choose another directory, or remove this one first");
    this.directory = directory;
  }
}

/** `revision --head X` names a revision that already has children, without `--splice`. */
export class NotAHeadError extends UsageError {
  static override readonly code = "not-a-head";
  readonly revision: string;

  constructor(revision: string) {
    super(`Revision "${revision}" is not a head revision`, "Pass --splice to start a new branch from it, or base the new revision on a head");
    this.revision = revision;
  }
}

/** `revision --autogenerate --ts`: autogenerate writes SQL, so the two flags exclude each other. */
export class AutogenerateTypeScriptError extends UsageError {
  static override readonly code = "autogenerate-ts";

  constructor() {
    super("--autogenerate writes SQL revisions, not TypeScript ones", "Leave out --ts");
  }
}

/** `stamp --purge --sql`: an offline script does not know which rows the purge would delete. */
export class OfflinePurgeError extends UsageError {
  static override readonly code = "purge-offline";

  constructor() {
    super("--purge cannot be combined with --sql", "Run the stamp online, or write the DELETE yourself");
  }
}

/** `rehash <rev>` names a revision whose upgrade section is what was applied: nothing to accept. */
export class RevisionNotChangedError extends UsageError {
  static override readonly code = "not-changed";
  readonly revision: string;

  constructor(revision: string) {
    super(`Revision "${revision}" has not changed since it was applied`, "Run `retort rehash` without arguments to accept every changed revision");
    this.revision = revision;
  }
}
