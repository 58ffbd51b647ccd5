/**
 * Progress and timing of a run's steps: each step numbered across the whole run and reported as it
 * starts and ends, with its duration (monotonic clock) and start time (wall clock) for its history
 * row. Only the runner reads clocks; the plan does not.
 */
import type { Step } from "../core/plan.ts";
import type { StepTiming } from "./history-table.ts";

/** Told as each step starts and ends; `index` counts from 0 across the run. */
export interface RunHooks {
  readonly onStepStart: (index: number, total: number, step: Step) => void;
  readonly onStepDone: (index: number, total: number, step: Step, ms: number) => void;
}

/** The clocks a run reads. */
export interface RunClocks {
  /** Monotonic milliseconds, for durations. */
  readonly clock: () => number;
  /** Wall-clock time, for the history's start times. */
  readonly now: () => Date;
}

/** Where a segment's steps fall in the run: the index of its first step, and how many steps the run has. */
export interface StepNumbering {
  readonly first: number;
  readonly total: number;
}

/** Reports the steps of one segment under their numbers in the run; a segment run again reports them again. */
export class SegmentProgress {
  private readonly hooks: RunHooks;
  private readonly numbering: StepNumbering;

  constructor(hooks: RunHooks, numbering: StepNumbering) {
    this.hooks = hooks;
    this.numbering = numbering;
  }
  /** Step `i` of the segment starts. */
  start(i: number, step: Step): void {
    this.hooks.onStepStart(this.numbering.first + i, this.numbering.total, step);
  }
  /** Step `i` of the segment is done, after `ms` milliseconds. */
  done(i: number, step: Step, ms: number): void {
    this.hooks.onStepDone(this.numbering.first + i, this.numbering.total, step, ms);
  }
}

/** Runs `work` and returns how long it took and when it started. */
export async function timed(clocks: RunClocks, work: () => Promise<void>): Promise<StepTiming> {
  const startedAt = clocks.now();
  const t0 = clocks.clock();
  await work();
  return { ms: clocks.clock() - t0, startedAt };
}

/**
 * Timing of pipelined steps, whose results arrive in order: each step ends when its last result
 * arrives and is taken to start when the previous one ended, since the server runs them back to back.
 */
export class PipelinedTiming {
  #previous: number;
  #startedAt: Date;
  private readonly clocks: RunClocks;

  constructor(clocks: RunClocks) {
    this.clocks = clocks;
    this.#previous = clocks.clock();
    this.#startedAt = clocks.now();
  }
  /** The timing of the step whose results just arrived. */
  next(): StepTiming {
    const now = this.clocks.clock();
    const timing = { ms: now - this.#previous, startedAt: this.#startedAt };
    this.#previous = now;
    this.#startedAt = new Date(this.#startedAt.getTime() + timing.ms);
    return timing;
  }
}
