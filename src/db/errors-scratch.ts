/**
 * Scratch-database failures. Messages name roles and databases in double quotes and URLs only in
 * their redacted form, so they are safe to print.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { DatabaseError, UsageError } from "../core/errors.ts";

/** Neither a scratch URL nor a DATABASE_URL to derive `<database>_scratch` from (exit 2). */
export class NoScratchUrlError extends UsageError {
  static override readonly code = "no-scratch-url";

  constructor() {
    super(
      "No scratch database is configured and there is no database URL to derive one from",
      'Set SCRATCH_DATABASE_URL or scratch_url in retort.toml, or set DATABASE_URL so retort can use "<database>_scratch" beside it',
    );
  }
}

/** CREATE DATABASE for the scratch database failed with 42501 (insufficient_privilege). */
export class NoCreatedbPrivilegeError extends DatabaseError {
  static override readonly code = "no-createdb-privilege";
  /** The role retort connected as (`current_user`). */
  readonly role: string;
  /** The scratch database it tried to create. */
  readonly database: string;
  /** The scratch URL, redacted, and where it came from. */
  readonly target: string;

  constructor(role: string, database: string, target: string, options?: ErrorOptions) {
    super(
      `Role "${role}" may not create the scratch database "${database}" for ${target}`,
      `Set scratch_url in retort.toml or SCRATCH_DATABASE_URL to a database role "${role}" may use, or grant it CREATEDB (ALTER ROLE "${role}" CREATEDB)`,
      options,
    );
    this.role = role;
    this.database = database;
    this.target = target;
  }
}

/** Resetting the scratch database would need to drop schemas or extensions the role does not own. */
export class ScratchResetPrivilegeError extends DatabaseError {
  static override readonly code = "scratch-reset-privilege";
  readonly role: string;
  readonly database: string;
  /** What cannot be dropped, as `schema "name"`, `extension "name"`, `event trigger "name"` or `default privileges for role "name"`. */
  readonly objects: readonly string[];

  constructor(role: string, database: string, objects: readonly string[]) {
    const shown = objects.slice(0, 10).join(", ") + (objects.length > 10 ? ` and ${objects.length - 10} more` : "");
    super(
      `Role "${role}" cannot empty the scratch database "${database}": it does not own ${shown}`,
      `Make role "${role}" the owner of the scratch database and everything in it, or point scratch_url (SCRATCH_DATABASE_URL) at a database it owns`,
    );
    this.role = role;
    this.database = database;
    this.objects = objects;
  }
}
