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
  readonly lockTimeout?: string;
  readonly migrationLock?: string;
}

export interface ProcessInfo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine's host name, recorded in the history table. */
  readonly hostname: string;
  /** Aborted on SIGINT / SIGTERM. */
  readonly signal: AbortSignal | undefined;
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
      ...(flags.versionTable !== undefined ? { versionTable: flags.versionTable } : {}),
      ...(flags.migrationLock !== undefined ? { migrationLock: flags.migrationLock } : {}),
    },
  });
  secrets.push(...config.secrets);
  return {
    config,
    now: () => new Date(),
    clock: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    report: (event) => output.progress(event),
    applicationName: "retort",
    version,
    clientHost: proc.hostname,
    signal: proc.signal,
    embedded: new EmbeddedEngines({ say: (line) => output.info(line), cacheDir: config.cacheDir }),
  };
}
