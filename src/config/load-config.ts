/**
 * Builds the Config every command runs with, from flags > environment > .env > retort.toml >
 * defaults. Everything it reads is passed in (cwd, env, flags), so it is a plain function of its
 * input and the files on disk.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ConfigFileValues } from "./_config-file.ts";
import { describeValue } from "./_describe-value.ts";
import { type DatabaseUrl, parseDatabaseUrl, redactSecrets, redactUrlText, urlSecrets } from "./database-url.ts";
import { parseDuration } from "./duration.ts";
import { parseEnvFile } from "./env-file.ts";
import { ConfigFileNotFoundError, ConfigFileReadError, ConfigSyntaxError, InvalidIdentifierError, InvalidSettingError } from "./errors.ts";
import { assertScratchIsSeparate } from "./scratch-url.ts";

/** What loadConfig reads besides files: the caller's directory, environment and global flags. */
export interface ConfigInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags: {
    readonly config?: string;
    readonly envFile?: string;
    readonly url?: string;
    readonly lockTimeout?: string;
    readonly versionTable?: string;
  };
}

/** The resolved configuration: absolute paths, parsed durations and URLs. */
export interface Config {
  /** Directory of the config file, or cwd when there is none. */
  readonly projectDir: string;
  /** Absolute path of retort.toml if one was read. */
  readonly configFile: string | undefined;
  /** Absolute path of the .env that was read, if any. */
  readonly envFile: string | undefined;
  readonly scriptLocation: string;
  readonly versionLocations: readonly string[];
  readonly fileTemplate: string;
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly transactionPerMigration: boolean;
  /** Schema files or directories for autogenerate, absolute. */
  readonly schema: readonly string[];
  readonly lockTimeoutMs: number;
  readonly databaseUrl: DatabaseUrl | undefined;
  /** Only when configured; see `defaultScratchUrl` for the `<database>_scratch` fallback. */
  readonly scratchUrl: DatabaseUrl | undefined;
  /** Every password seen in any URL, for redacting all output. */
  readonly secrets: readonly string[];
  /**
   * Where parsed revision headers are cached: RETORT_CACHE_DIR, else $XDG_CACHE_HOME/retort, else
   * ~/.cache/retort; undefined (no cache) when none is known or RETORT_CACHE_DIR is "off".
   */
  readonly cacheDir: string | undefined;
}

/** A setting given as text (flag, environment variable or .env line), with where it came from. */
interface Found {
  readonly text: string;
  readonly where: string;
  /** What a relative path in it is relative to. */
  readonly baseDir: string;
}

/** A Postgres identifier we can splice into SQL unquoted; anything else could be an injection. */
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const TRUE_WORDS = ["true", "1", "yes", "on"];
const FALSE_WORDS = ["false", "0", "no", "off"];

/** Loads retort.toml, .env, environment variables and flags into a Config. */
export async function loadConfig(input: ConfigInput): Promise<Config> {
  const cwd = resolve(input.cwd);
  const { env, flags } = input;
  const show = (path: string) => shownPath(cwd, path);

  const configPath = resolve(cwd, flags.config ?? "retort.toml");
  const configText = readSettingsFile(configPath, show(configPath), flags.config === undefined ? undefined : "--config");
  const configFile = configText === undefined ? undefined : configPath;
  const projectDir = configFile === undefined ? cwd : dirname(configFile);
  const envPath = flags.envFile === undefined ? join(projectDir, ".env") : resolve(cwd, flags.envFile);
  const envText = readSettingsFile(envPath, show(envPath), flags.envFile === undefined ? undefined : "--env-file");
  const envFile = envText === undefined ? undefined : envPath;
  const dotenv = envText === undefined ? new Map<string, string>() : parseEnvFile(envText, envPath, show(envPath));

  // Collected before anything else can fail, so that no later error can echo a password.
  const urlNames = ["DATABASE_URL", "SCRATCH_DATABASE_URL"];
  const seen = [flags.url, ...urlNames.map((name) => env[name]), ...urlNames.map((name) => dotenv.get(name))];
  const secrets = new Set(seen.flatMap((text) => (text === undefined ? [] : urlSecrets(text))));
  try {
    // The TOML parser and zod load only when there is a retort.toml: most deploys have none.
    const file: ConfigFileValues =
      configText === undefined ? {} : (await import("./_config-file.ts")).parseConfigFile(configText, configPath, show(configPath));
    for (const text of [file.database_url, file.scratch_url]) if (text !== undefined) urlSecrets(text).forEach((s) => secrets.add(s));

    /** Looks a setting up in flag, environment and .env order; empty values count as unset. */
    const lookup = (name: string, flag?: readonly [string, string | undefined]): Found | undefined => {
      if (flag?.[1] !== undefined) return { text: flag[1], where: flag[0], baseDir: cwd };
      const fromEnv = env[name];
      if (fromEnv !== undefined && fromEnv !== "") return { text: fromEnv, where: `environment variable ${name}`, baseDir: cwd };
      const fromDotenv = dotenv.get(name);
      if (envFile !== undefined && fromDotenv !== undefined && fromDotenv !== "") {
        return { text: fromDotenv, where: `${name} in ${show(envFile)}`, baseDir: dirname(envFile) };
      }
      return undefined;
    };
    const inToml = (key: keyof ConfigFileValues) => `"${key}" in ${show(configPath)}`;
    const paths = (value: string | readonly string[]) => (typeof value === "string" ? [value] : value).map((p) => resolve(projectDir, p));

    const scriptFound = lookup("RETORT_SCRIPT_LOCATION");
    const scriptLocation = scriptFound
      ? resolve(scriptFound.baseDir, scriptFound.text)
      : resolve(projectDir, file.script_location ?? "migrations");

    const identifier = (key: string, found: Found | undefined, fromToml: string | undefined) => {
      const [value, where] = found ? [found.text, found.where] : [fromToml, inToml(key as keyof ConfigFileValues)];
      if (value === undefined) return undefined;
      if (!PLAIN_IDENTIFIER.test(value) || new TextEncoder().encode(value).length > 63) {
        throw new InvalidIdentifierError(key, describeValue(value), where);
      }
      return value;
    };

    const transactionFound = lookup("RETORT_TRANSACTION_PER_MIGRATION");
    const lockFound = lookup("RETORT_LOCK_TIMEOUT", ["--lock-timeout", flags.lockTimeout]);
    const urlFound = lookup("DATABASE_URL", ["--url", flags.url]);
    const scratchFound = lookup("SCRATCH_DATABASE_URL");
    const url = (found: Found | undefined, key: "database_url" | "scratch_url") => {
      if (found !== undefined) return parseDatabaseUrl(found.text, found.where);
      const text = file[key];
      return text === undefined ? undefined : parseDatabaseUrl(text, inToml(key));
    };
    const databaseUrl = url(urlFound, "database_url");
    const scratchUrl = url(scratchFound, "scratch_url");
    if (scratchUrl !== undefined && databaseUrl !== undefined) assertScratchIsSeparate(scratchUrl, databaseUrl);

    return Object.freeze({
      projectDir,
      configFile,
      envFile,
      scriptLocation,
      versionLocations: Object.freeze(file.version_locations ? paths(file.version_locations) : [join(scriptLocation, "versions")]),
      fileTemplate: lookup("RETORT_FILE_TEMPLATE")?.text ?? file.file_template ?? "%%(rev)s_%%(slug)s",
      versionTable:
        identifier("version_table", lookup("RETORT_VERSION_TABLE", ["--version-table", flags.versionTable]), file.version_table) ??
        "alembic_version",
      versionTableSchema: identifier("version_table_schema", lookup("RETORT_VERSION_TABLE_SCHEMA"), file.version_table_schema),
      transactionPerMigration: transactionFound ? parseBoolean(transactionFound) : (file.transaction_per_migration ?? false),
      schema: Object.freeze(paths(file.schema ?? "schema.sql")),
      lockTimeoutMs: lockFound
        ? parseDuration(lockFound.text, lockFound.where)
        : file.lock_timeout !== undefined
          ? parseDuration(file.lock_timeout, inToml("lock_timeout"))
          : 60_000,
      databaseUrl,
      scratchUrl,
      secrets: Object.freeze([...secrets]),
      cacheDir: cacheDirectory(env),
    });
  } catch (error) {
    throw redactError(error, [...secrets]);
  }
}

/** The per-user cache directory (real environment only: a project's .env should not move it). */
function cacheDirectory(env: ConfigInput["env"]): string | undefined {
  const explicit = env.RETORT_CACHE_DIR;
  if (explicit === "off") return undefined;
  if (explicit) return resolve(explicit);
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "retort");
  if (env.HOME) return join(env.HOME, ".cache", "retort");
  return undefined;
}

/** Environment variables are text, so booleans accept the usual spellings. */
function parseBoolean(found: Found): boolean {
  const word = found.text.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new InvalidSettingError(found.where, "true or false", JSON.stringify(redactUrlText(found.text)));
}

/**
 * Reads a settings file: `undefined` if absent and optional, an error naming `flag` if it was asked
 * for. Synchronous: one small file, and an asynchronous read costs a thread-pool round trip.
 */
function readSettingsFile(path: string, shown: string, flag: string | undefined): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      if (flag === undefined) return undefined;
      throw new ConfigFileNotFoundError(path, flag, shown, { cause: error });
    }
    if (code === "EISDIR") throw new ConfigSyntaxError(path, shown, {}, "is a directory, not a file", undefined, { cause: error });
    throw new ConfigFileReadError(path, shown, code === "EACCES" ? "permission denied" : String(code ?? error), { cause: error });
  }
}

/** A path as the user would type it from cwd: relative inside cwd, absolute outside. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/**
 * Scrubs known passwords from an error before it leaves: messages already redact URLs, but a
 * password pasted into the wrong setting would otherwise be echoed back in the message, the hint
 * or a data field that `--json` output serialises.
 */
function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error) || secrets.length === 0) return error;
  for (const key of ["message", "stack", ...Object.keys(error)]) {
    const value: unknown = Reflect.get(error, key);
    if (typeof value === "string") Object.defineProperty(error, key, { value: redactSecrets(value, secrets) });
  }
  return error;
}
