/** Building a command Context from the global flags, the environment and the clock. */
import { loadConfig } from "../config/load-config.ts";
import type { Context } from "../project/context.ts";
import { EmbeddedEngines } from "../db/embedded/engines.ts";
import type { Output } from "./output.ts";
import { version } from "./version.ts";

/** The options every command accepts (commander's camelCase names). */
export interface GlobalFlags {
  readonly config?: string;
  readonly envFile?: string;
  readonly url?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly versionTable?: string;
  /** The deprecated name of `--migration-lock-timeout`. */
  readonly lockTimeout?: string;
  readonly migrationLockTimeout?: string;
  /** Options of `upgrade` and `downgrade`, which `optsWithGlobals()` hands over with the global ones. */
  readonly revisionLockTimeout?: string;
  readonly lockRetryBudget?: string;
  readonly revisionStatementTimeout?: string;
}

export interface ProcessInfo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine's host name, recorded in the history table. */
  readonly hostname: string;
  /** Aborted on SIGINT / SIGTERM. */
  readonly signal: AbortSignal | undefined;
}

/** Waits `ms`, or less when `signal` aborts (the run's next checkpoint then stops it). */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}

/**
 * Loads the config and wires progress (also an embedded database's) to the output; remembers
 * secrets for redaction. The caller owns the context's embedded engines and closes them.
 */
export async function createContext(flags: GlobalFlags, proc: ProcessInfo, output: Output, secrets: string[]): Promise<Context> {
  const config = await loadConfig({
    cwd: proc.cwd,
    env: proc.env,
    flags: {
      ...(flags.config !== undefined ? { config: flags.config } : {}),
      ...(flags.envFile !== undefined ? { envFile: flags.envFile } : {}),
      ...(flags.url !== undefined ? { url: flags.url } : {}),
      ...(flags.lockTimeout !== undefined ? { lockTimeout: flags.lockTimeout } : {}),
      ...(flags.migrationLockTimeout !== undefined ? { migrationLockTimeout: flags.migrationLockTimeout } : {}),
      ...(flags.revisionLockTimeout !== undefined ? { revisionLockTimeout: flags.revisionLockTimeout } : {}),
      ...(flags.lockRetryBudget !== undefined ? { lockRetryBudget: flags.lockRetryBudget } : {}),
      ...(flags.revisionStatementTimeout !== undefined ? { revisionStatementTimeout: flags.revisionStatementTimeout } : {}),
      ...(flags.versionTable !== undefined ? { versionTable: flags.versionTable } : {}),
    },
  });
  secrets.push(...config.secrets);
  for (const warning of config.warnings) output.info(warning);
  return {
    config,
    now: () => new Date(),
    clock: () => performance.now(),
    random: Math.random,
    sleep: (ms) => abortableSleep(ms, proc.signal),
    report: (event) => output.progress(event),
    applicationName: "retort",
    version,
    clientHost: proc.hostname,
    signal: proc.signal,
    embedded: new EmbeddedEngines({ say: (line) => output.info(line), cacheDir: config.cacheDir }),
  };
}
