/**
 * Errors raised while reading, parsing and writing revision files. Each carries the data a
 * caller needs (path, line, id, template) so `cli/` can word it; the message alone is already
 * usable and names the file.
 */
import { ScriptError, UsageError } from "../core/errors.ts";

/** A revision file that cannot be parsed or loaded: `path:line: reason` (exit 3). */
export class RevisionFileError extends ScriptError {
  static override readonly code = "revision-file";
  readonly path: string;
  /** 1-based line the problem is on, or undefined when it has no single line (an import failure). */
  readonly line: number | undefined;
  readonly reason: string;

  constructor(path: string, line: number | undefined, reason: string, hint?: string, options?: ErrorOptions) {
    super(line === undefined ? `${path}: ${reason}` : `${path}:${line}: ${reason}`, hint, options);
    this.path = path;
    this.line = line;
    this.reason = reason;
  }
}

/** A versions directory that is missing or cannot be listed (exit 3). */
export class VersionsDirectoryError extends ScriptError {
  static override readonly code = "versions-directory";
  readonly dir: string;
  readonly reason: string;

  constructor(dir: string, reason: string, hint?: string, options?: ErrorOptions) {
    super(`Cannot read versions directory "${dir}": ${reason}`, hint, options);
    this.dir = dir;
    this.reason = reason;
  }
}

/**
 * The id given with `revision --rev-id` cannot be used (exit 2: the flag is wrong, no file is).
 * An unusable id found in a revision file is core's InvalidRevisionIdError (exit 3).
 */
export class InvalidRevIdOptionError extends UsageError {
  static override readonly code = "invalid-rev-id";
  readonly id: string;
  readonly reason: string;

  constructor(id: string, reason: string) {
    super(`Invalid revision id "${id}": ${reason}`, "Omit --rev-id to get a random 12-character hex id");
    this.id = id;
    this.reason = reason;
  }
}

/** A `file_template` that cannot be rendered into a file name (exit 2). */
export class FileTemplateError extends UsageError {
  static override readonly code = "file-template";
  readonly template: string;
  readonly reason: string;

  constructor(template: string, reason: string, hint?: string) {
    super(`Invalid file_template "${template}": ${reason}`, hint);
    this.template = template;
    this.reason = reason;
  }
}

/** A new revision file could not be written (exit 2); the subclasses say why. */
export abstract class RevisionWriteError extends UsageError {
  /** The file as it would have been named, inside the versions directory. */
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, hint?: string, options?: ErrorOptions) {
    super(`Cannot write revision file "${path}": ${reason}`, hint, options);
    this.path = path;
    this.reason = reason;
  }
}

/** A file or symbolic link already has the new revision's name: retort never overwrites one. */
export class RevisionFileExistsError extends RevisionWriteError {
  static override readonly code = "revision-file-exists";
  /** What is in the way. */
  readonly existing: "file" | "symbolic link";

  constructor(path: string, existing: "file" | "symbolic link", options?: ErrorOptions) {
    super(path, `a ${existing} with that name already exists`, "Choose another --rev-id or message", options);
    this.existing = existing;
  }
}

/** The file name would escape the versions directory (a path separator, `..`, a symlinked directory). */
export class UnsafeRevisionPathError extends RevisionWriteError {
  static override readonly code = "unsafe-revision-path";
  readonly fileName: string;

  constructor(path: string, fileName: string, reason: string) {
    super(path, reason);
    this.fileName = fileName;
  }
}

/** The file system refused the write (permissions, a full disk); the system error is the cause. */
export class RevisionWriteFailedError extends RevisionWriteError {
  static override readonly code = "revision-write";

  constructor(path: string, cause: unknown) {
    super(path, cause instanceof Error ? cause.message : String(cause), undefined, { cause });
  }
}
