/** Wiring a `transaction: false` step's statements to their progress rows (see `statement-progress.ts`). */
import type { Sql } from "./connect.ts";
import type { RunnableStep, SegmentRunOptions } from "./run-segment.ts";
import type { StatementResume } from "./run-step.ts";
import { sha256Hex } from "../scripts/sha256.ts";
import { recordCommittedStatement } from "./statement-progress.ts";

/** Where `s` starts and how each of its committed statements is recorded; none when the run keeps no progress (scratch builds) or `s` is not SQL. */
export function statementRecorder(sql: Sql, s: RunnableStep, opts: SegmentRunOptions): StatementResume | undefined {
  const { progress, body } = s;
  if (!progress || body.kind !== "sql") return undefined;
  const revision = s.step.revision.id;
  return {
    firstStatement: progress.firstStatement,
    clock: opts.clock,
    onCommitted: (statement, index, ms) =>
      recordCommittedStatement(sql, opts.table, revision, s.step.direction, { index, line: body.locate(statement, 1).line, text: statement.text, checksum: sha256Hex(statement.text) }, ms, opts),
  };
}
