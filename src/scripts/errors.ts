/**
 * Errors raised while reading, parsing and writing revision files. Each carries the data a
 * caller needs (path, line, id, template) so `cli/` can word it; the message alone is already
 * usable and names the file.
 */
import { ScriptError, UsageError } from "../core/errors.ts";

/** A revision file that cannot be parsed or loaded: `path:line: reason` (exit 3). */
export class RevisionFileError extends ScriptError {
  readonly code = "revision_file";
  readonly path: string;
  /** 1-based line the problem is on, or undefined when it has no single line (an import failure). */
  readonly line: number | undefined;
  readonly reason: string;

  constructor(path: string, line: number | undefined, reason: string, hint?: string) {
    super(line === undefined ? `${path}: ${reason}` : `${path}:${line}: ${reason}`, hint);
    this.path = path;
    this.line = line;
    this.reason = reason;
  }
}

/** A versions directory that is missing or cannot be listed (exit 3). */
export class VersionsDirectoryError extends ScriptError {
  readonly code = "versions_directory";
  readonly dir: string;
  readonly reason: string;

  constructor(dir: string, reason: string, hint?: string) {
    super(`Cannot read versions directory "${dir}": ${reason}`, hint);
    this.dir = dir;
    this.reason = reason;
  }
}

/** A revision id given by the user (`--rev-id`) that retort cannot accept (exit 2). */
export class InvalidRevisionIdError extends UsageError {
  readonly id: string;
  readonly reason: string;

  constructor(id: string, reason: string) {
    super(
      `Invalid revision id "${id}": ${reason}`,
      "Omit --rev-id to get a random 12-character hex id",
      "invalid_revision_id",
    );
    this.id = id;
    this.reason = reason;
  }
}

/** A `file_template` that cannot be rendered into a file name (exit 2). */
export class FileTemplateError extends UsageError {
  readonly template: string;
  readonly reason: string;

  constructor(template: string, reason: string, hint?: string) {
    super(`Invalid file_template "${template}": ${reason}`, hint, "file_template");
    this.template = template;
    this.reason = reason;
  }
}

/** Writing a new revision would overwrite a file or escape the versions directory (exit 2). */
export class RevisionWriteError extends UsageError {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, hint?: string, code = "revision_write") {
    super(`Cannot write revision file "${path}": ${reason}`, hint, code);
    this.path = path;
    this.reason = reason;
  }
}
