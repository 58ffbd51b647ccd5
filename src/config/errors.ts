/**
 * Configuration errors (all exit 2). Each carries the data a caller needs (file, key, source)
 * and a message that is already safe to print: URLs in it are redacted, passwords never appear.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { isAbsolute } from "node:path";
import { UsageError } from "../core/errors.ts";
import type { DatabaseUrl } from "./database-url.ts";

/** Any problem with retort.toml, .env, environment variables or flags that configure retort. */
export abstract class ConfigError extends UsageError {}

/** A database URL that cannot be used: wrong scheme, malformed, unsupported parameter. */
export class InvalidDatabaseUrlError extends ConfigError {
  static override readonly code = "invalid-database-url";
  /** Where the URL came from, such as `DATABASE_URL in .env`. */
  readonly source: string;
  /** The URL as given, with its password replaced by `***`. */
  readonly redacted: string;
  /** What is wrong with it, as a clause (`the scheme "mysql" is not PostgreSQL`). */
  readonly reason: string;

  constructor(source: string, redacted: string, reason: string, hint = "Write it as postgres://user:password@host:5432/database") {
    super(`Invalid database URL "${redacted}" from ${source}: ${reason}`, hint);
    this.source = source;
    this.redacted = redacted;
    this.reason = reason;
  }
}

/** A duration string that is not a number followed by ms, s, m or h. */
export class InvalidDurationError extends ConfigError {
  static override readonly code = "invalid-duration";
  readonly text: string;
  /** Where the value came from, such as `--lock-timeout`. */
  readonly where: string;

  constructor(text: string, where: string, reason: string, hint = 'Write a number followed by ms, s, m or h, such as "500ms", "30s" or "5m"') {
    super(`Invalid duration "${text}" from ${where}: ${reason}`, hint);
    this.text = text;
    this.where = where;
  }
}

/** A version table or schema name that is not a plain SQL identifier (it is spliced into SQL). */
export class InvalidIdentifierError extends ConfigError {
  static override readonly code = "invalid-identifier";
  /** The setting, such as `version_table`. */
  readonly key: string;
  /** The offending value as shown (quoted, redacted). */
  readonly shown: string;
  readonly where: string;

  constructor(key: string, shown: string, where: string) {
    super(
      `Invalid ${key} ${shown} from ${where}: it must be a plain SQL identifier`,
      'Use letters, digits, "_" and "$", starting with a letter or "_", at most 63 bytes',
    );
    this.key = key;
    this.shown = shown;
    this.where = where;
  }
}

/** A file named by `--config` or `--env-file` that does not exist or cannot be read. */
export class ConfigFileNotFoundError extends ConfigError {
  static override readonly code = "config-not-found";
  /** Absolute path of the missing file. */
  readonly path: string;
  /** The flag that named it (`--config`, `--env-file`). */
  readonly flag: string;

  /**
   * `given` is the path as the flag gave it: only a relative one is worth a word on where it
   * was looked for.
   */
  constructor(path: string, flag: string, shownPath: string, given: string, options?: ErrorOptions) {
    super(
      `Cannot find "${shownPath}" given by ${flag}`,
      isAbsolute(given) ? `Check the path, or leave out ${flag} to use the default` : "The path is relative to the current directory",
      options,
    );
    this.path = path;
    this.flag = flag;
  }
}

/** A retort.toml or .env file that cannot be parsed (or is a directory); `line` and `column` are 1-based. */
export class ConfigSyntaxError extends ConfigError {
  static override readonly code = "config-syntax";
  /** Absolute path of the file. */
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(file: string, shownFile: string, position: { line?: number; column?: number }, reason: string, hint?: string, options?: ErrorOptions) {
    const { line, column } = position;
    const at = line === undefined ? "" : column === undefined ? `:${line}` : `:${line}:${column}`;
    super(`${shownFile}${at}: ${reason}`, hint, options);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** A retort.toml or .env file that exists but cannot be read (permissions, I/O error). */
export class ConfigFileReadError extends ConfigError {
  static override readonly code = "config-read";
  /** Absolute path of the file. */
  readonly path: string;
  /** What went wrong, as a phrase (`permission denied`, or the system error code). */
  readonly reason: string;

  constructor(path: string, shownPath: string, reason: string, options?: ErrorOptions) {
    super(`Cannot read "${shownPath}": ${reason}`, undefined, options);
    this.path = path;
    this.reason = reason;
  }
}

/** A key in retort.toml that retort does not know, with the closest known key if there is one. */
export class UnknownConfigKeyError extends ConfigError {
  static override readonly code = "unknown-config-key";
  readonly file: string;
  readonly key: string;
  readonly suggestion: string | undefined;

  constructor(file: string, shownFile: string, key: string, suggestion: string | undefined, hint: string) {
    super(`${shownFile}: unknown key "${key}"`, hint);
    this.file = file;
    this.key = key;
    this.suggestion = suggestion;
  }
}

/** A retort.toml value of the wrong type or shape. */
export class InvalidConfigValueError extends ConfigError {
  static override readonly code = "invalid-config-value";
  readonly file: string;
  readonly key: string;
  /** What the key takes, as a phrase (`true or false`). */
  readonly expected: string;
  /** What it got, as shown (strings quoted and redacted). */
  readonly got: string;

  constructor(file: string, shownFile: string, key: string, expected: string, got: string) {
    super(`${shownFile}: "${key}" must be ${expected}, got ${got}`);
    this.file = file;
    this.key = key;
    this.expected = expected;
    this.got = got;
  }
}

/** An environment variable or .env value of the wrong form (`RETORT_TRANSACTION_PER_MIGRATION=maybe`). */
export class InvalidSettingError extends ConfigError {
  static override readonly code = "invalid-setting";
  readonly where: string;
  readonly expected: string;
  readonly got: string;

  constructor(where: string, expected: string, got: string) {
    super(`Invalid value ${got} from ${where}: it must be ${expected}`);
    this.where = where;
    this.expected = expected;
    this.got = got;
  }
}

/** The scratch database is the real database: refused because retort drops and recreates scratch databases. */
export class ScratchIsDatabaseError extends ConfigError {
  static override readonly code = "scratch-is-database";
  readonly scratchSource: string;
  readonly databaseSource: string;

  constructor(scratchSource: string, databaseSource: string, redacted: string) {
    super(
      `The scratch database "${redacted}" from ${scratchSource} is the database from ${databaseSource}`,
      "Point scratch_url or SCRATCH_DATABASE_URL at another database: retort drops and recreates it",
    );
    this.scratchSource = scratchSource;
    this.databaseSource = databaseSource;
  }
}

/** A TLS certificate or key file named by a database URL (`sslrootcert`, `sslcert`, `sslkey`) that cannot be read. */
export class TlsFileReadError extends ConfigError {
  static override readonly code = "tls-file-read";
  /** The URL parameter that names the file. */
  readonly param: TlsFileParam;
  /** The path as the URL gives it. */
  readonly path: string;
  /** Where the URL came from, such as `DATABASE_URL in .env`. */
  readonly source: string;

  constructor(url: DatabaseUrl, param: TlsFileParam, reason: string, options?: ErrorOptions) {
    const path = url.params[param] ?? "";
    super(
      `Cannot read ${param} "${path}" of ${url.redacted} (${url.source}): ${reason}`,
      "Check the path in the URL; it is read as given, relative to the working directory",
      options,
    );
    this.param = param;
    this.path = path;
    this.source = url.source;
  }
}

/** The URL parameters that name TLS files. */
export type TlsFileParam = "sslrootcert" | "sslcert" | "sslkey";
