/**
 * Errors raised by the services the verbs share: loading steps, finding the database.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { ScriptError, UsageError } from "../core/errors.ts";

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

  constructor() {
    super(
      "No database URL is configured",
      "Set DATABASE_URL in the environment or in .env, pass --url, or set database_url in retort.toml",
    );
  }
}
