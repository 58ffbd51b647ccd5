/**
 * Running a command and timing it: wall-clock time around a blocking spawn, peak RSS through
 * `/usr/bin/time -f %M`, and the median / min / max of a series. Commands are interleaved in
 * rounds (tool A, tool B, …, then again) so that drift on the machine hits every tool alike.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A process to run: what, where, with which environment (on top of the bench's; `undefined` removes a variable). */
export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The environment `command` runs with: the bench's own, with the command's changes. */
export function environmentOf(command: Command): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(command.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Median, extremes and raw samples of a series of timings, in milliseconds. */
export interface Stats {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  readonly samplesMs: readonly number[];
}

/** What one tool did in one measurement: timings, a count of runs where something held, a failure, or no equivalent command. */
export type Outcome =
  | { readonly kind: "ok"; readonly stats: Stats; readonly rssKiB?: number }
  | { readonly kind: "tally"; readonly count: number; readonly runs: number }
  | { readonly kind: "failed"; readonly error: string }
  | { readonly kind: "n/a"; readonly reason: string };

/** One command to time, with an optional untimed set-up before every run (a fresh database). */
export interface Case {
  /** The key of its outcome: a tool's name, or an operation's. */
  readonly name: string;
  readonly command: Command;
  readonly setup?: () => Promise<void>;
}

/** How many runs to time, after how many untimed warm-up runs, and whether to take peak RSS. */
export interface Repetitions {
  readonly runs: number;
  readonly warmup: number;
  /**
   * Peak RSS: from one extra run after the timed ones ("extra-run", for short commands where
   * the wrapper's own exec would show), or from every timed run under /usr/bin/time
   * ("timed-runs", for runs of a second or more, where it saves a whole extra set-up and run).
   */
  readonly rss?: "extra-run" | "timed-runs";
}

/** Raised when a command exits non-zero; carries the end of its stderr for the report. */
export class CommandFailedError extends Error {
  readonly command: Command;
  readonly status: number | null;
  readonly stderrTail: string;

  constructor(command: Command, status: number | null, stderrTail: string) {
    super(`${[command.file, ...command.args].join(" ")} exited ${status ?? "on a signal"}: ${stderrTail}`);
    this.command = command;
    this.status = status;
    this.stderrTail = stderrTail;
  }
}

/** Runs `command` once and returns its wall-clock duration in milliseconds; throws on failure. */
export function timeOnce(command: Command): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, {
    cwd: command.cwd,
    env: environmentOf(command),
    // stdout goes nowhere, so no tool pays for a slow reader; stderr is kept for error messages.
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new CommandFailedError(command, result.status, tail(result.stderr?.toString() ?? ""));
  return elapsed;
}

/**
 * Runs `command` once under `/usr/bin/time -f %M`: its duration (which includes the wrapper's
 * own exec, ~1 ms) and its peak resident set in KiB.
 */
export function timeWithRss(command: Command): { ms: number; rssKiB: number } {
  const dir = mkdtempSync(join(tmpdir(), "retort-bench-rss-"));
  try {
    const out = join(dir, "rss");
    const ms = timeOnce({ ...command, file: "/usr/bin/time", args: ["-f", "%M", "-o", out, command.file, ...command.args] });
    const rssKiB = Number.parseInt(readFileSync(out, "utf8").trim().split("\n").pop() ?? "", 10);
    if (!Number.isFinite(rssKiB)) throw new Error(`/usr/bin/time printed no peak RSS for ${command.file}`);
    return { ms, rssKiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median, min and max of `samples` (milliseconds). */
export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]!, runs: sorted.length, samplesMs: samples };
}

/**
 * Times every case `reps.runs` times in interleaved rounds, after `reps.warmup` untimed rounds;
 * a case that fails once is reported as failed and dropped from later rounds. The peak RSS
 * reported is the largest seen.
 */
export async function measureCases(cases: readonly Case[], reps: Repetitions): Promise<Map<string, Outcome>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const peaks = new Map<string, number>();
  const failures = new Map<string, string>();
  const wrapped = reps.rss === "timed-runs";
  for (let round = 0; round < reps.warmup + reps.runs; round++) {
    for (const c of cases) {
      if (failures.has(c.name)) continue;
      try {
        await runSetup(c);
        const { ms, rssKiB } = wrapped ? timeWithRss(c.command) : { ms: timeOnce(c.command), rssKiB: 0 };
        if (round < reps.warmup) continue;
        samples.get(c.name)!.push(ms);
        if (wrapped) peaks.set(c.name, Math.max(peaks.get(c.name) ?? 0, rssKiB));
      } catch (error) {
        failures.set(c.name, describeError(error));
      }
    }
  }
  const outcomes = new Map<string, Outcome>();
  for (const c of cases) {
    const failed = failures.get(c.name);
    if (failed !== undefined) {
      outcomes.set(c.name, { kind: "failed", error: failed });
      continue;
    }
    if (reps.rss === "extra-run") {
      try {
        await runSetup(c);
        peaks.set(c.name, timeWithRss(c.command).rssKiB);
      } catch (error) {
        outcomes.set(c.name, { kind: "failed", error: `peak-RSS run: ${describeError(error)}` });
        continue;
      }
    }
    const stats = summarize(samples.get(c.name)!);
    const rssKiB = peaks.get(c.name);
    outcomes.set(c.name, rssKiB === undefined ? { kind: "ok", stats } : { kind: "ok", stats, rssKiB });
  }
  return outcomes;
}

/** Runs a case's set-up, labelling its failure as the set-up's rather than the command's. */
async function runSetup(c: Case): Promise<void> {
  try {
    await c.setup?.();
  } catch (error) {
    throw new Error(`set-up failed: ${describeError(error)}`);
  }
}

/** A one-line description of `error` for the report. */
export function describeError(error: unknown): string {
  if (error instanceof CommandFailedError) return `exit ${error.status ?? "signal"}: ${error.stderrTail}`;
  return error instanceof Error ? error.message : String(error);
}

/** The last meaningful line(s) of a command's stderr, short enough for a table cell. */
function tail(stderr: string): string {
  const lines = stderr.trim().split("\n").filter((l) => l.trim() !== "");
  const text = lines.slice(-2).join(" / ").replace(/\s+/g, " ");
  return text.length > 200 ? `${text.slice(0, 197)}...` : text || "(no stderr)";
}
