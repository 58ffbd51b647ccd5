/**
 * The settings loadConfig resolves, as a table private to config/: for each, its retort.toml key,
 * environment variable, flag, parser and default. One loop applies the precedence flag >
 * environment variable > .env > retort.toml > default to every row, so a new setting is one row
 * and no setting can get the order wrong.
 */
import { join, resolve } from "node:path";
import type { ConfigFileValues } from "./_config-file.ts";
import { describeValue } from "./_describe-value.ts";
import { type DatabaseUrl, parseDatabaseUrl, redactUrlText } from "./database-url.ts";
import { parseDuration } from "./duration.ts";
import { InvalidDurationError, InvalidIdentifierError, InvalidSettingError } from "./errors.ts";
import { assertScratchIsSeparate } from "./scratch-url.ts";

/** The values the table resolves, in the order it resolves them: a row may build on the rows above it. */
export interface Settings {
  readonly scriptLocation: string;
  readonly databaseUrl: DatabaseUrl | undefined;
  readonly scratchUrl: DatabaseUrl | undefined;
  readonly versionLocations: readonly string[];
  readonly fileTemplate: string;
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  /** The history table's name, in the version table's schema. */
  readonly historyTable: string;
  readonly transactionPerMigration: boolean;
  /** How the migration lock is held: "session" (a direct connection) or "transaction" (behind a transaction-pooling proxy). */
  readonly migrationLock: MigrationLockKind;
  readonly schema: readonly string[];
  /** How long to wait for retort's own migration lock (`migration_lock_timeout`; `lock_timeout` is its deprecated name). */
  readonly lockTimeoutMs: number;
  /** How long each attempt of a unit of revision SQL waits for a table lock before it is rolled back and retried. */
  readonly revisionLockTimeoutMs: number;
  /** How long a unit of revision SQL keeps retrying after lock timeouts and deadlocks before giving up. */
  readonly lockRetryBudgetMs: number;
  /** The longest a statement of a revision may run (0: no limit). */
  readonly revisionStatementTimeoutMs: number;
  /** What `upgrade` does with the lint findings of what it is about to run. */
  readonly lintOnUpgrade: LintOnUpgrade;
  /** Tables with fewer rows (by the planner's estimate) get lock findings as warnings. */
  readonly lintSmallTableRows: number;
  /** Per-rule severity overrides from `[lint_rules]`, rule ids unchecked here (the lint knows its rules). */
  readonly lintRules: Readonly<Record<string, "off" | "warning" | "error">>;
}

/** `off`: no lint; `warn`: print the findings and go on; `error`: refuse to run when a finding is an error. */
export type LintOnUpgrade = "off" | "warn" | "error";
const LINT_ON_UPGRADE: readonly LintOnUpgrade[] = ["off", "warn", "error"];

/** The global flags that set a setting (commander's camelCase names). */
export type SettingFlags = {
  readonly url?: string;
  /** The deprecated name of `migrationLockTimeout`. */
  readonly lockTimeout?: string;
  readonly migrationLockTimeout?: string;
  readonly versionTable?: string;
  readonly revisionLockTimeout?: string;
  readonly lockRetryBudget?: string;
  readonly revisionStatementTimeout?: string;
  readonly migrationLock?: string;
  readonly lintOnUpgrade?: string;
};

/**
 * How the migration lock is held. `session`: one session advisory lock for the whole run, on a
 * connection of its own. `transaction`: the same key as a transaction-level lock taken first in
 * every transaction, which is what still means something behind a transaction-pooling proxy such
 * as PgBouncer (`pool_mode = transaction`), where consecutive transactions may run on different
 * server connections.
 */
export type MigrationLockKind = "session" | "transaction";
const MIGRATION_LOCK_KINDS: readonly MigrationLockKind[] = ["session", "transaction"];

/** Everything a setting can come from, highest precedence first. */
export interface SettingSources {
  readonly flags: SettingFlags;
  /** The real environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The .env file that was read, if any: its values, its path as shown, and its directory. */
  readonly dotenv: { readonly values: ReadonlyMap<string, string>; readonly shown: string; readonly dir: string } | undefined;
  /** retort.toml's values ({} without one) and its path as shown. */
  readonly file: ConfigFileValues;
  readonly shownFile: string;
  /** Where relative paths from flags and the environment start. */
  readonly cwd: string;
  /** Where relative paths from retort.toml start, and the defaults' paths. */
  readonly projectDir: string;
}

/** A setting's value as given, and where: a flag, an environment variable, a .env line or a retort.toml key. */
interface Given<V> {
  readonly value: V;
  /** Named in errors and in a URL's `source`: `--url`, `environment variable DATABASE_URL`, `"lock_timeout" in retort.toml`. */
  readonly where: string;
  /** What a relative path in it is relative to. */
  readonly baseDir: string;
}

type TomlKey = keyof ConfigFileValues;

/** What a row's parser and default may build on: the project directory and the rows above it. */
type Earlier = Partial<Settings> & { readonly projectDir: string };

/** One setting. Flag, environment variable and .env values are text; a retort.toml value has its key's type. */
interface Row<T, K extends TomlKey> {
  readonly toml: K;
  /** Also the name looked up in the .env file. */
  readonly env?: string;
  readonly flag?: readonly [name: string, key: keyof SettingFlags];
  readonly parse: (given: Given<string | NonNullable<ConfigFileValues[K]>>, earlier: Earlier) => T;
  readonly fallback: (earlier: Earlier) => T;
  /** An older name of the setting (its key, variable and flag), still read when the new one is not given, with a warning. */
  readonly deprecated?: { readonly toml: TomlKey; readonly env: string; readonly flag: readonly [name: string, key: keyof SettingFlags] };
}

/** A row, checked against its own retort.toml key's type, then widened so that rows of every key share one table. */
function row<T, K extends TomlKey>(r: Row<T, K>): Row<T, TomlKey> {
  return r as unknown as Row<T, TomlKey>;
}

/** A Postgres identifier we can splice into SQL unquoted; anything else could be an injection. */
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const TRUE_WORDS: readonly string[] = ["true", "1", "yes", "on"];
const FALSE_WORDS: readonly string[] = ["false", "0", "no", "off"];

/** A table name (`key` names it in errors) that is a plain identifier of at most 63 bytes. */
function identifier(key: TomlKey): (given: Given<string>) => string {
  return ({ value, where }) => {
    if (!PLAIN_IDENTIFIER.test(value) || new TextEncoder().encode(value).length > 63) throw new InvalidIdentifierError(key, describeValue(value), where);
    return value;
  };
}

/** retort.toml has real booleans; environment variables are text, so they accept the usual spellings. */
function boolean({ value, where }: Given<string | boolean>): boolean {
  if (typeof value === "boolean") return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new InvalidSettingError(where, "true or false", JSON.stringify(redactUrlText(value)));
}

/** One of the migration lock's kinds. */
function migrationLockKind({ value, where }: Given<string>): MigrationLockKind {
  const kind = value.trim().toLowerCase();
  if ((MIGRATION_LOCK_KINDS as readonly string[]).includes(kind)) return kind as MigrationLockKind;
  throw new InvalidSettingError(where, MIGRATION_LOCK_KINDS.map((k) => `"${k}"`).join(" or "), JSON.stringify(redactUrlText(value)));
}

/** What upgrade does with lint findings. */
function lintOnUpgrade({ value, where }: Given<string>): LintOnUpgrade {
  const mode = value.trim().toLowerCase();
  if ((LINT_ON_UPGRADE as readonly string[]).includes(mode)) return mode as LintOnUpgrade;
  throw new InvalidSettingError(where, LINT_ON_UPGRADE.map((k) => `"${k}"`).join(", "), JSON.stringify(redactUrlText(value)));
}

/** A row count: a whole number, 0 or more (retort.toml has a number; the environment text). */
function rowCount({ value, where }: Given<string | number>): number {
  const n = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidSettingError(where, "a whole number of rows, 0 or more", JSON.stringify(String(value)));
  return n;
}

/** A path or a list of paths, made absolute. */
function paths({ value, baseDir }: Given<string | readonly string[]>): readonly string[] {
  return Object.freeze((typeof value === "string" ? [value] : value).map((p) => resolve(baseDir, p)));
}

/** The scratch URL, which must not name the database DATABASE_URL names. */
function scratchUrl({ value, where }: Given<string>, earlier: Earlier): DatabaseUrl {
  const url = parseDatabaseUrl(value, where);
  if (earlier.databaseUrl !== undefined) assertScratchIsSeparate(url, earlier.databaseUrl);
  return url;
}

/** A duration; `where` names its origin in errors. */
function duration(g: Given<string>): number {
  return parseDuration(g.value, g.where);
}

/** A lock timeout of revision SQL: zero would mean waiting for a lock without any limit, which retort never does. */
function positiveDuration(g: Given<string>): number {
  const ms = parseDuration(g.value, g.where);
  if (ms <= 0) throw new InvalidDurationError(g.value, g.where, "a lock timeout of 0 would wait for a lock forever", 'Use a short duration such as "500ms"');
  return ms;
}

/** Every setting, in the order they are resolved (and their errors reported). */
const SETTINGS: { readonly [N in keyof Settings]: Row<Settings[N], TomlKey> } = {
  scriptLocation: row({ toml: "script_location", env: "RETORT_SCRIPT_LOCATION", parse: (g) => resolve(g.baseDir, g.value), fallback: (e) => resolve(e.projectDir, "migrations") }),
  databaseUrl: row<DatabaseUrl | undefined, "database_url">({ toml: "database_url", env: "DATABASE_URL", flag: ["--url", "url"], parse: (g) => parseDatabaseUrl(g.value, g.where), fallback: () => undefined }),
  scratchUrl: row<DatabaseUrl | undefined, "scratch_url">({ toml: "scratch_url", env: "SCRATCH_DATABASE_URL", parse: scratchUrl, fallback: () => undefined }),
  versionLocations: row({ toml: "version_locations", parse: paths, fallback: (e) => Object.freeze([join(e.scriptLocation!, "versions")]) }),
  fileTemplate: row({ toml: "file_template", env: "RETORT_FILE_TEMPLATE", parse: (g) => g.value, fallback: () => "%%(rev)s_%%(slug)s" }),
  versionTable: row({ toml: "version_table", env: "RETORT_VERSION_TABLE", flag: ["--version-table", "versionTable"], parse: identifier("version_table"), fallback: () => "alembic_version" }),
  versionTableSchema: row<string | undefined, "version_table_schema">({ toml: "version_table_schema", env: "RETORT_VERSION_TABLE_SCHEMA", parse: identifier("version_table_schema"), fallback: () => undefined }),
  historyTable: row({ toml: "history_table", env: "RETORT_HISTORY_TABLE", parse: identifier("history_table"), fallback: () => "retort_history" }),
  transactionPerMigration: row({ toml: "transaction_per_migration", env: "RETORT_TRANSACTION_PER_MIGRATION", parse: boolean, fallback: () => false }),
  migrationLock: row({ toml: "migration_lock", env: "RETORT_MIGRATION_LOCK", flag: ["--migration-lock", "migrationLock"], parse: migrationLockKind, fallback: (): MigrationLockKind => "session" }),
  schema: row({ toml: "schema", parse: paths, fallback: (e) => Object.freeze([resolve(e.projectDir, "schema.sql")]) }),
  lockTimeoutMs: row({
    toml: "migration_lock_timeout",
    env: "RETORT_MIGRATION_LOCK_TIMEOUT",
    flag: ["--migration-lock-timeout", "migrationLockTimeout"],
    deprecated: { toml: "lock_timeout", env: "RETORT_LOCK_TIMEOUT", flag: ["--lock-timeout", "lockTimeout"] },
    parse: duration,
    fallback: () => 60_000,
  }),
  // Half a second: long enough to get a lock on a busy table between its transactions, short
  // enough that the application's queries queued behind the waiting statement barely notice.
  revisionLockTimeoutMs: row({ toml: "revision_lock_timeout", env: "RETORT_REVISION_LOCK_TIMEOUT", flag: ["--revision-lock-timeout", "revisionLockTimeout"], parse: positiveDuration, fallback: () => 500 }),
  // Five minutes of retries outlast any ordinary transaction; a blocker older than that needs a person.
  lockRetryBudgetMs: row({ toml: "lock_retry_budget", env: "RETORT_LOCK_RETRY_BUDGET", flag: ["--lock-retry-budget", "lockRetryBudget"], parse: duration, fallback: () => 300_000 }),
  // Set explicitly so that a role's own statement_timeout (often seconds, for the application)
  // cannot kill a migration, while a runaway statement holding its locks still ends.
  revisionStatementTimeoutMs: row({ toml: "revision_statement_timeout", env: "RETORT_REVISION_STATEMENT_TIMEOUT", flag: ["--revision-statement-timeout", "revisionStatementTimeout"], parse: duration, fallback: () => 600_000 }),
  // Warn, not refuse: a deploy should not start failing because a rule was added; teams opt in to "error".
  lintOnUpgrade: row({ toml: "lint_on_upgrade", env: "RETORT_LINT_ON_UPGRADE", flag: ["--lint-on-upgrade", "lintOnUpgrade"], parse: lintOnUpgrade, fallback: (): LintOnUpgrade => "warn" }),
  // Building an index on 10,000 rows takes milliseconds: a lock that short is worth a warning, not a refusal.
  lintSmallTableRows: row({ toml: "lint_small_table_rows", env: "RETORT_LINT_SMALL_TABLE_ROWS", parse: rowCount, fallback: () => 10_000 }),
  lintRules: row({ toml: "lint_rules", parse: (g) => Object.freeze({ ...(g.value as Record<string, "off" | "warning" | "error">) }), fallback: () => Object.freeze({}) }),
};

/** What resolving the settings found besides their values: the deprecated names that were used. */
export interface ResolvedSettings {
  readonly settings: Settings;
  /** One line per deprecated name that was used, naming the new one. */
  readonly warnings: readonly string[];
}

/** Resolves every setting from `sources`, row by row. */
export function resolveSettings(sources: SettingSources): ResolvedSettings {
  const settings: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const [name, setting] of Object.entries(SETTINGS) as [keyof Settings, Row<unknown, TomlKey>][]) {
    settings[name] = resolveSetting(setting, sources, { ...(settings as Partial<Settings>), projectDir: sources.projectDir }, warnings);
  }
  return { settings: settings as unknown as Settings, warnings };
}

/**
 * One setting: the first of its flag, environment variable, .env line and retort.toml key that is
 * set; else the same under its deprecated name (with a warning); else its default.
 */
function resolveSetting<T>(setting: Row<T, TomlKey>, sources: SettingSources, earlier: Earlier, warnings: string[]): T {
  const given = givenValue(setting, sources);
  if (given !== undefined) return setting.parse(given, earlier);
  const old = setting.deprecated;
  if (old !== undefined) {
    const fromOld = givenValue({ toml: old.toml, env: old.env, flag: old.flag }, sources);
    if (fromOld !== undefined) {
      // The new name of the same kind as the old one that was used: flag for flag, variable for variable, key for key.
      const pairs: readonly (readonly [string, string | undefined])[] = [[old.flag[0], setting.flag?.[0]], [old.env, setting.env], [`"${old.toml}"`, `"${setting.toml}"`]];
      const [, newName] = pairs.find(([name]) => fromOld.where.includes(name)) ?? pairs[2]!;
      warnings.push(`warning: ${fromOld.where} is deprecated; use ${newName ?? `"${setting.toml}"`} instead`);
      return setting.parse(fromOld, earlier);
    }
  }
  return setting.fallback(earlier);
}

/** Where a setting is looked up: its key, variable and flag. */
type Names = Pick<Row<unknown, TomlKey>, "toml" | "env" | "flag">;

/** The setting as given by its flag, environment variable, .env line or retort.toml key, in that order. */
function givenValue(names: Names, sources: SettingSources): Given<string | NonNullable<ConfigFileValues[TomlKey]>> | undefined {
  const text = givenAsText(names, sources);
  if (text !== undefined) return text;
  const value = sources.file[names.toml];
  if (value !== undefined) return { value, where: `"${names.toml}" in ${sources.shownFile}`, baseDir: sources.projectDir };
  return undefined;
}

/** The setting's text from its flag, the environment or the .env file, in that order; empty values count as unset. */
function givenAsText(setting: Names, { flags, env, dotenv, cwd }: SettingSources): Given<string> | undefined {
  if (setting.flag !== undefined) {
    const [name, key] = setting.flag;
    const value = flags[key];
    if (value !== undefined) return { value, where: name, baseDir: cwd };
  }
  if (setting.env === undefined) return undefined;
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, where: `environment variable ${setting.env}`, baseDir: cwd };
  const fromDotenv = dotenv?.values.get(setting.env);
  if (dotenv !== undefined && fromDotenv !== undefined && fromDotenv !== "") return { value: fromDotenv, where: `${setting.env} in ${dotenv.shown}`, baseDir: dotenv.dir };
  return undefined;
}
