/**
 * Building a Context: the configuration (flags > environment > .env > retort.toml > defaults), the
 * clocks, where progress goes, and the embedded engines the run will own. The command line and
 * the library API both open their contexts here, so a library call reads its project exactly as
 * the same command typed in a shell would.
 */
import { loadConfig, type ConfigInput } from "../config/load-config.ts";
import { EmbeddedEngines } from "../db/embedded/engines.ts";
import type { PresentedStartup } from "../db/presented-connection.ts";
import { APPLICATION_NAME } from "../db/startup.ts";
import type { Context, ProgressEvent } from "./context.ts";

/** Everything a context is built from. */
export interface OpenContextOptions {
  /** Where the project is looked for (retort.toml, .env) and relative paths start. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The settings given as flags (or library options), highest precedence. */
  readonly flags: ConfigInput["flags"];
  /** Receives progress and warnings; never data. */
  readonly report: (event: ProgressEvent) => void;
  /** The tool's version, recorded in the history table. */
  readonly version: string;
  /**
   * The machine's host name, recorded in the history table: looked up when a run first records
   * one (loading node:os and asking the system cost a read-only run about 3 ms of wall time).
   */
  readonly hostname: () => string;
  readonly signal: AbortSignal | undefined;
  /** See Context.exitsAfterCommand. */
  readonly exitsAfterCommand?: boolean;
  /** See Context.presented. */
  readonly presented?: PresentedStartup;
}

/** Loads the configuration and builds the context; whoever opens it closes `ctx.embedded`. */
export async function openContext(opts: OpenContextOptions): Promise<Context> {
  const config = await loadConfig({ cwd: opts.cwd, env: opts.env, flags: opts.flags });
  const say = (message: string): void => opts.report({ kind: "info", message });
  for (const warning of config.warnings) say(warning);
  let clientHost: string | undefined;
  return {
    config,
    now: () => new Date(),
    clock: () => performance.now(),
    random: Math.random,
    sleep: (ms) => abortableSleep(ms, opts.signal),
    report: opts.report,
    applicationName: APPLICATION_NAME,
    version: opts.version,
    get clientHost() {
      return (clientHost ??= opts.hostname());
    },
    signal: opts.signal,
    embedded: new EmbeddedEngines({ say, cacheDir: config.cacheDir }),
    exitsAfterCommand: opts.exitsAfterCommand === true,
    ...(opts.presented ? { presented: opts.presented } : {}),
  };
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
