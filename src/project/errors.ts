/** Errors raised by the services the verbs share: loading steps, finding the database. */
import { ScriptError, UsageError } from "../core/errors.ts";

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
