/**
 * Configuration errors (all exit 2). Each carries the data a caller needs (file, key, source)
 * and a message that is already safe to print: URLs in it are redacted, passwords never appear.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { UsageError } from "../core/errors.ts";

/** Any problem with retort.toml, .env, environment variables or flags that configure retort. */
export class ConfigError extends UsageError {
  constructor(message: string, hint?: string, code = "config") {
    super(message, hint, code);
  }
}

/** A database URL that cannot be used: wrong scheme, malformed, unsupported parameter. */
export class InvalidDatabaseUrlError extends ConfigError {
  /** Where the URL came from, such as `DATABASE_URL in .env`. */
  readonly source: string;
  /** The URL as given, with its password replaced by `***`. */
  readonly redacted: string;
  /** What is wrong with it, as a clause (`the scheme "mysql" is not PostgreSQL`). */
  readonly reason: string;

  constructor(source: string, redacted: string, reason: string, hint = "Write it as postgres://user:password@host:5432/database") {
    super(`Invalid database URL "${redacted}" from ${source}: ${reason}`, hint, "invalid_database_url");
    this.source = source;
    this.redacted = redacted;
    this.reason = reason;
  }
}

/** A duration string that is not a number followed by ms, s, m or h. */
export class InvalidDurationError extends ConfigError {
  readonly text: string;
  /** Where the value came from, such as `--lock-timeout`. */
  readonly where: string;

  constructor(text: string, where: string, reason: string, hint = 'Write a number followed by ms, s, m or h, such as "500ms", "30s" or "5m"') {
    super(`Invalid duration "${text}" from ${where}: ${reason}`, hint, "invalid_duration");
    this.text = text;
    this.where = where;
  }
}

/** A version table or schema name that is not a plain SQL identifier (it is spliced into SQL). */
export class InvalidIdentifierError extends ConfigError {
  /** The setting, such as `version_table`. */
  readonly key: string;
  /** The offending value as shown (quoted, redacted). */
  readonly shown: string;
  readonly where: string;

  constructor(key: string, shown: string, where: string) {
    super(
      `Invalid ${key} ${shown} from ${where}: it must be a plain SQL identifier`,
      'Use letters, digits, "_" and "$", starting with a letter or "_", at most 63 bytes',
      "invalid_identifier",
    );
    this.key = key;
    this.shown = shown;
    this.where = where;
  }
}

/** A file named by `--config` or `--env-file` that does not exist or cannot be read. */
export class ConfigFileNotFoundError extends ConfigError {
  /** Absolute path of the missing file. */
  readonly path: string;
  /** The flag that named it (`--config`, `--env-file`). */
  readonly flag: string;

  constructor(path: string, flag: string, shownPath: string) {
    super(`Cannot find "${shownPath}" given by ${flag}`, "The path is relative to the current directory", "config_not_found");
    this.path = path;
    this.flag = flag;
  }
}

/** A retort.toml or .env file that cannot be read or parsed; `line` and `column` are 1-based. */
export class ConfigSyntaxError extends ConfigError {
  /** Absolute path of the file. */
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(file: string, shownFile: string, position: { line?: number; column?: number }, reason: string, hint?: string) {
    const { line, column } = position;
    const at = line === undefined ? "" : column === undefined ? `:${line}` : `:${line}:${column}`;
    super(`${shownFile}${at}: ${reason}`, hint, "config_syntax");
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** A key in retort.toml that retort does not know, with the closest known key if there is one. */
export class UnknownConfigKeyError extends ConfigError {
  readonly file: string;
  readonly key: string;
  readonly suggestion: string | undefined;

  constructor(file: string, shownFile: string, key: string, suggestion: string | undefined, hint: string) {
    super(`${shownFile}: unknown key "${key}"`, hint, "unknown_config_key");
    this.file = file;
    this.key = key;
    this.suggestion = suggestion;
  }
}

/** A retort.toml value of the wrong type or shape. */
export class InvalidConfigValueError extends ConfigError {
  readonly file: string;
  readonly key: string;
  /** What the key takes, as a phrase (`true or false`). */
  readonly expected: string;
  /** What it got, as shown (strings quoted and redacted). */
  readonly got: string;

  constructor(file: string, shownFile: string, key: string, expected: string, got: string) {
    super(`${shownFile}: "${key}" must be ${expected}, got ${got}`, undefined, "invalid_config_value");
    this.file = file;
    this.key = key;
    this.expected = expected;
    this.got = got;
  }
}

/** An environment variable or .env value of the wrong form (`RETORT_TRANSACTION_PER_MIGRATION=maybe`). */
export class InvalidSettingError extends ConfigError {
  readonly where: string;
  readonly expected: string;
  readonly got: string;

  constructor(where: string, expected: string, got: string) {
    super(`Invalid value ${got} from ${where}: it must be ${expected}`, undefined, "invalid_setting");
    this.where = where;
    this.expected = expected;
    this.got = got;
  }
}

/** The scratch database is the real database: refused because retort drops and recreates scratch databases. */
export class ScratchIsDatabaseError extends ConfigError {
  readonly scratchSource: string;
  readonly databaseSource: string;

  constructor(scratchSource: string, databaseSource: string, redacted: string) {
    super(
      `The scratch database "${redacted}" from ${scratchSource} is the database from ${databaseSource}`,
      "Point scratch_url or SCRATCH_DATABASE_URL at another database: retort drops and recreates it",
      "scratch_is_database",
    );
    this.scratchSource = scratchSource;
    this.databaseSource = databaseSource;
  }
}
