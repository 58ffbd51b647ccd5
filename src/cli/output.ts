/**
 * Where text goes: data to stdout, progress to stderr, errors to stderr. Every write passes
 * through redaction so no password reaches the terminal, whatever produced the text.
 */
import type { ProgressEvent } from "../project/context.ts";
import { redactSecrets as redact } from "../config/database-url.ts";

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface OutputOptions {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly quiet: boolean;
  /** Read when first needed (a getter may decide it then: it asks whether stderr is a terminal). */
  readonly color: boolean;
  /** Text that must never be printed (passwords). */
  readonly secrets: () => readonly string[];
}

export interface Output {
  /** A line of data on stdout. */
  data(text: string): void;
  /** Lines of data on stdout, in one write (history of 10,000 revisions is one system call). */
  lines(texts: readonly string[]): void;
  /** The run's JSON document on stdout: with `--json` a run prints exactly one. */
  document(text: string): void;
  /** Whether the document is printed already, so that a failure after it adds none of its own. */
  hasDocument(): boolean;
  /** A line of progress on stderr; silent with -q. */
  info(text: string): void;
  /** An error on stderr; printed even with -q. */
  error(text: string): void;
  /** Renders a command's progress events. */
  progress(event: ProgressEvent): void;
  /** Ends any half-written progress line before other output. */
  flush(): void;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Builds the Output for a run. */
export function createOutput(opts: OutputOptions): Output {
  let openLine = false;
  let documented = false;
  // Asked when progress is first drawn: a run that prints none does not load node:tty.
  let ttyKnown: boolean | undefined;
  const tty = (): boolean => (ttyKnown ??= opts.stderr.isTTY === true);
  // On a TTY the open step's line is redrawn with its elapsed time, so a long step visibly lives.
  let ticker: ReturnType<typeof setInterval> | undefined;
  const stopTicker = (): void => {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  };
  const err = (text: string): void => {
    opts.stderr.write(redact(text, opts.secrets()));
  };
  const flush = (): void => {
    stopTicker();
    if (openLine) err(tty() ? "\r\x1b[K" : "\n");
    openLine = false;
  };
  const dim = (s: string): string => (opts.color ? `\x1b[2m${s}\x1b[22m` : s);
  return {
    data(text) {
      flush();
      opts.stdout.write(redact(`${text}\n`, opts.secrets()));
    },
    lines(texts) {
      if (texts.length > 0) this.data(texts.join("\n"));
    },
    document(text) {
      this.data(text);
      documented = true;
    },
    hasDocument: () => documented,
    info(text) {
      if (opts.quiet) return;
      flush();
      err(`${text}\n`);
    },
    error(text) {
      flush();
      err(`${text}\n`);
    },
    progress(event) {
      if (opts.quiet) return;
      if (event.kind === "info") return this.info(event.message);
      const counter = event.total > 1 ? dim(`[${event.index + 1}/${event.total}] `) : "";
      if (event.kind === "step-start") {
        flush();
        // Without a TTY the duration is appended to the same line when the step ends, so a hung
        // step still shows which revision it is in.
        err(`${counter}${event.label} ...`);
        openLine = true;
        if (tty()) {
          const started = performance.now();
          ticker = setInterval(() => err(`\r\x1b[K${counter}${event.label} ... ${formatMs(performance.now() - started)}`), 200);
          (ticker as { unref?: () => void }).unref?.();
        }
      } else if (tty()) {
        stopTicker();
        if (openLine) err("\r\x1b[K");
        err(`${counter}${event.label} ... ${formatMs(event.ms)}\n`);
        openLine = false;
      } else {
        err(openLine ? ` ${formatMs(event.ms)}\n` : `${counter}${event.label} ... ${formatMs(event.ms)}\n`);
        openLine = false;
      }
    },
    flush,
  };
}
