/** The context every command receives from the CLI: config, clock, a progress sink and the run's embedded engines. */
import type { Config } from "../config/load-config.ts";
import type { EmbeddedEngines } from "../db/embedded/engines.ts";
import type { PresentedStartup } from "../db/presented-connection.ts";

/** Progress a command reports while it runs; the CLI decides how (and whether) to show it. */
export type ProgressEvent =
  | { readonly kind: "step-start"; readonly index: number; readonly total: number; readonly label: string }
  | { readonly kind: "step-done"; readonly index: number; readonly total: number; readonly label: string; readonly ms: number }
  | { readonly kind: "info"; readonly message: string };

export interface Context {
  readonly config: Config;
  /** Wall-clock time, for create dates and file names. */
  readonly now: () => Date;
  /** Monotonic milliseconds, for durations. */
  readonly clock: () => number;
  /** A number in [0, 1): the jitter of lock-retry pauses. */
  readonly random: () => number;
  /** Waits `ms` milliseconds, ending early when the run is interrupted. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Receives progress; never used for data. */
  readonly report: (event: ProgressEvent) => void;
  /** Shown in pg_stat_activity as application_name. */
  readonly applicationName: string;
  /** The tool's version, recorded in the history table. */
  readonly version: string;
  /** The host retort runs on, recorded in the history table. */
  readonly clientHost: string;
  /** Aborted on Ctrl-C / SIGTERM, with the signal name as its reason. */
  readonly signal: AbortSignal | undefined;
  /** The embedded databases (pglite: URLs) this run starts; whoever built the context closes them. */
  readonly embedded: EmbeddedEngines;
  /** A start-up message the process sent before it loaded (db/presented-connection.ts): its connection serves the run's first to that server. */
  readonly presented?: PresentedStartup;
  /**
   * The process exits as soon as the command ends (the command line), so a closing connection
   * need not wait for the server to hang up. A library call's connections are gone when it returns.
   */
  readonly exitsAfterCommand?: boolean;
}
