/**
 * Runs planned steps with the transaction layout the config asks for: by default the whole run
 * is one transaction; `transaction_per_migration` gives each step its own; a `transaction: false`
 * revision splits the run around itself and runs statement by statement. Each step's version-table
 * changes and history row commit together with the step.
 */
import type { Step } from "../core/plan.ts";
import type { Sql, TransactionSql } from "./connect.ts";
import { historyTableDdl, recordHistory } from "./history-table.ts";
import { runStepInTransaction, runStepWithoutTransaction, type StepBody } from "./run-step.ts";
import { applyVersionChanges, ensureVersionTable, type VersionTableName } from "./version-table.ts";

/** A step with everything needed to run and record it. */
export interface RunnableStep {
  readonly step: Step;
  readonly file: string;
  readonly body: StepBody;
  readonly transactional: boolean;
  /** Checksum of the file's upgrade section, recorded in the history table. */
  readonly checksum: string;
}

export interface RunHooks {
  readonly onStepStart: (index: number, total: number, step: Step) => void;
  readonly onStepDone: (index: number, total: number, step: Step, ms: number) => void;
}

export interface RunOptions {
  readonly table: VersionTableName;
  readonly transactionPerMigration: boolean;
  readonly hooks: RunHooks;
  readonly clock: () => number;
  readonly toolVersion: string;
  readonly clientHost: string;
  /** Checked before every step and statement: throws to stop the run (lost lock, interrupt). */
  readonly checkpoint: () => void;
}

export interface StepResult {
  readonly step: Step;
  readonly ms: number;
}

/** Groups consecutive transactional steps (one per group in per-migration mode). */
function segments(steps: readonly RunnableStep[], perMigration: boolean): RunnableStep[][] {
  const out: RunnableStep[][] = [];
  let open: RunnableStep[] | undefined;
  for (const s of steps) {
    if (!s.transactional || perMigration) {
      out.push([s]);
      open = undefined;
    } else {
      if (!open) out.push((open = []));
      open.push(s);
    }
  }
  return out;
}

async function ensureTables(sql: Sql | TransactionSql, t: VersionTableName): Promise<void> {
  await ensureVersionTable(sql, t);
  await sql.unsafe(historyTableDdl(t));
}

/** Runs `steps` in order; returns each finished step with its duration. */
export async function runSteps(sql: Sql, steps: readonly RunnableStep[], opts: RunOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  if (steps.length === 0) return results;
  const total = steps.length;
  let index = 0;
  let tablesReady = false;

  const record = async (tx: Sql | TransactionSql, s: RunnableStep, ms: number): Promise<void> => {
    await applyVersionChanges(tx, opts.table, s.step.versionChanges);
    await recordHistory(tx, opts.table, {
      revision: s.step.revision.id,
      direction: s.step.direction,
      message: s.step.revision.message,
      checksum: s.checksum,
      durationMs: ms,
      toolVersion: opts.toolVersion,
      clientHost: opts.clientHost,
    });
  };

  for (const group of segments(steps, opts.transactionPerMigration)) {
    const first = group[0]!;
    if (!first.transactional) {
      if (!tablesReady) await sql.begin((tx) => ensureTables(tx, opts.table));
      tablesReady = true;
      opts.checkpoint();
      const id = { revision: first.step.revision.id, file: first.file, direction: first.step.direction };
      opts.hooks.onStepStart(index, total, first.step);
      const started = opts.clock();
      await runStepWithoutTransaction(sql, first.body, id, opts.checkpoint);
      const ms = opts.clock() - started;
      await sql.begin((tx) => record(tx, first, ms));
      opts.hooks.onStepDone(index, total, first.step, ms);
      results.push({ step: first.step, ms });
      index++;
      continue;
    }
    const done: StepResult[] = [];
    await sql.begin(async (tx) => {
      if (!tablesReady) await ensureTables(tx, opts.table);
      for (const s of group) {
        opts.checkpoint();
        opts.hooks.onStepStart(index + done.length, total, s.step);
        const started = opts.clock();
        await runStepInTransaction(tx, s.body, { revision: s.step.revision.id, file: s.file, direction: s.step.direction });
        const ms = opts.clock() - started;
        await record(tx, s, ms);
        opts.hooks.onStepDone(index + done.length, total, s.step, ms);
        done.push({ step: s.step, ms });
      }
      opts.checkpoint();
    });
    tablesReady = true;
    results.push(...done);
    index += done.length;
  }
  return results;
}
