/** Building a command Context from the global flags, the environment and the clock. */
import type { PresentedStartup } from "../db/presented-connection.ts";
import type { Context } from "../project/context.ts";
import { openContext } from "../project/open-context.ts";
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
  readonly migrationLock?: string;
  readonly lintOnUpgrade?: string;
}

export interface ProcessInfo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine's host name, recorded in the history table; looked up only by a run that records. */
  readonly hostname: () => string;
  /** Aborted on SIGINT / SIGTERM. */
  readonly signal: AbortSignal | undefined;
  /** A start-up message main.ts sent before the command line was loaded (cli/early-start.ts). */
  readonly presented?: PresentedStartup;
}

/**
 * Loads the config and wires progress (also an embedded database's) to the output; remembers
 * secrets for redaction. The caller owns the context's embedded engines and closes them.
 */
export async function createContext(flags: GlobalFlags, proc: ProcessInfo, output: Output, secrets: string[]): Promise<Context> {
  const ctx = await openContext({
    cwd: proc.cwd,
    env: proc.env,
    // The settings' flags under their own names (config, envFile, url, …); the others are ignored.
    flags,
    report: (event) => output.progress(event),
    version,
    hostname: proc.hostname,
    signal: proc.signal,
    // main.ts exits once the command ends.
    exitsAfterCommand: true,
    ...(proc.presented ? { presented: proc.presented } : {}),
  });
  secrets.push(...ctx.config.secrets);
  return ctx;
}
