/**
 * Builds the Config every command runs with, from flags > environment > .env > retort.toml >
 * defaults. Everything it reads is passed in (cwd, env, flags), so it is a plain function of its
 * input and the files on disk.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ConfigFileValues } from "./_config-file.ts";
import { resolveSettings, type SettingFlags, type Settings } from "./_settings.ts";
export type { MigrationLockKind } from "./_settings.ts";
import { redactSecrets, urlSecrets, type DatabaseUrl } from "./database-url.ts";
import { parseEnvFile } from "./env-file.ts";
import { ConfigFileNotFoundError, ConfigFileReadError, ConfigSyntaxError } from "./errors.ts";

/** What loadConfig reads besides files: the caller's directory, environment and global flags. */
export interface ConfigInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags: SettingFlags & {
    readonly config?: string;
    readonly envFile?: string;
  };
}

/** The resolved configuration: absolute paths, parsed durations and URLs. */
export interface Config extends Settings {
  /** Directory of the config file, or cwd when there is none. */
  readonly projectDir: string;
  /** Absolute path of retort.toml if one was read. */
  readonly configFile: string | undefined;
  /** Absolute path of the .env that was read, if any. */
  readonly envFile: string | undefined;
  /** One line per deprecated setting name that was used, naming the new one; the CLI prints them. */
  readonly warnings: readonly string[];
  /** Every password seen in any URL, for redacting all output. */
  readonly secrets: readonly string[];
  /**
   * Where parsed revision headers are cached: RETORT_CACHE_DIR, else $XDG_CACHE_HOME/retort, else
   * ~/.cache/retort; undefined (no cache) when none is known or RETORT_CACHE_DIR is "off".
   */
  readonly cacheDir: string | undefined;
}

/** retort.toml and .env as found on disk, before anything in them is parsed. */
interface SettingsFiles {
  readonly configPath: string;
  /** retort.toml's text; undefined when there is none. */
  readonly configText: string | undefined;
  /** Directory of retort.toml, or cwd when there is none. */
  readonly projectDir: string;
  readonly envPath: string;
  /** The .env file's text; undefined when there is none. */
  readonly envText: string | undefined;
}

/** Loads retort.toml, .env, environment variables and flags into a Config. */
export async function loadConfig(input: ConfigInput): Promise<Config> {
  const cwd = resolve(input.cwd);
  const { env, flags } = input;
  const show = (path: string) => shownPath(cwd, path);
  const files = readSettingsFiles(cwd, flags, show);
  const envFile = files.envText === undefined ? undefined : files.envPath;
  const dotenv = files.envText === undefined ? new Map<string, string>() : parseEnvFile(files.envText, files.envPath, show(files.envPath));

  // Collected before anything else can fail, so that no later error can echo a password.
  const secrets = new Set(urlPasswords([flags.url, ...URL_VARIABLES.map((name) => env[name]), ...URL_VARIABLES.map((name) => dotenv.get(name))]));
  try {
    // The TOML parser and zod load only when there is a retort.toml: most deploys have none.
    const file: ConfigFileValues =
      files.configText === undefined ? {} : (await import("./_config-file.ts")).parseConfigFile(files.configText, files.configPath, show(files.configPath));
    for (const secret of urlPasswords([file.database_url, file.scratch_url])) secrets.add(secret);
    const { settings, warnings } = resolveSettings({
      flags,
      env,
      dotenv: envFile === undefined ? undefined : { values: dotenv, shown: show(envFile), dir: dirname(envFile) },
      file,
      shownFile: show(files.configPath),
      cwd,
      projectDir: files.projectDir,
    });
    return Object.freeze({
      projectDir: files.projectDir,
      configFile: files.configText === undefined ? undefined : files.configPath,
      envFile,
      ...settings,
      warnings: Object.freeze([...warnings, ...ignoredParamWarnings(settings.databaseUrl, settings.scratchUrl)]),
      secrets: Object.freeze([...secrets]),
      cacheDir: cacheDirectory(env),
    });
  } catch (error) {
    throw redactError(error, [...secrets]);
  }
}

/** The variables (environment or .env) that hold database URLs, and so passwords. */
const URL_VARIABLES: readonly string[] = ["DATABASE_URL", "SCRATCH_DATABASE_URL"];

/** The passwords in whichever of `texts` are given. */
function urlPasswords(texts: readonly (string | undefined)[]): string[] {
  return texts.flatMap((text) => (text === undefined ? [] : urlSecrets(text)));
}

/** Reads retort.toml (from --config, else cwd) and .env (from --env-file, else beside retort.toml). */
function readSettingsFiles(cwd: string, flags: ConfigInput["flags"], show: (path: string) => string): SettingsFiles {
  const configPath = resolve(cwd, flags.config ?? "retort.toml");
  const configText = readSettingsFile(configPath, show(configPath), flags.config === undefined ? undefined : { flag: "--config", given: flags.config });
  const projectDir = configText === undefined ? cwd : dirname(configPath);
  const envPath = flags.envFile === undefined ? join(projectDir, ".env") : resolve(cwd, flags.envFile);
  const envText = readSettingsFile(envPath, show(envPath), flags.envFile === undefined ? undefined : { flag: "--env-file", given: flags.envFile });
  return { configPath, configText, projectDir, envPath, envText };
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

/**
 * Reads a settings file: `undefined` if absent and optional, an error naming the flag that asked
 * for it (and the path as given) otherwise. Synchronous: one small file, and an asynchronous read
 * costs a thread-pool round trip.
 */
function readSettingsFile(path: string, shown: string, asked: { readonly flag: string; readonly given: string } | undefined): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      if (asked === undefined) return undefined;
      throw new ConfigFileNotFoundError(path, asked.flag, shown, asked.given, { cause: error });
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

/** A warning for each query parameter of the configured URLs that retort accepts but does not use. */
function ignoredParamWarnings(...urls: readonly (DatabaseUrl | undefined)[]): string[] {
  return urls.flatMap((url) => (url?.ignored ?? []).map((p) => `warning: ${url!.source}: ignoring the parameter ${p.key}: ${p.reason}`));
}
