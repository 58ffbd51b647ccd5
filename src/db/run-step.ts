/** Executing one revision's section, with every server error mapped to `file:line:col`. */
import type { Sql, TransactionSql } from "./connect.ts";
import { MigrationScriptError, MigrationSqlError, NonTransactionalStepError } from "./errors.ts";

/** A position inside a revision file. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
}

/** One statement of a SQL section: its text and where it lies in the section (UTF-16 indexes). */
export interface SectionStatement {
  readonly text: string;
  readonly offset: number;
  readonly end: number;
}

/** What a step runs: a SQL section split into statements, or a TS function. */
export type StepBody =
  | {
      readonly kind: "sql";
      readonly statements: readonly SectionStatement[];
      /** Maps a 1-based character position inside a statement (as the server reports it) to the file. */
      readonly locate: (statement: SectionStatement, position: number) => FilePosition;
    }
  | { readonly kind: "ts"; readonly run: (ctx: { readonly sql: TransactionSql | Sql }) => Promise<unknown> };

export interface StepIdentity {
  readonly revision: string;
  readonly file: string;
  readonly direction: "upgrade" | "downgrade";
}

interface PgErrorShape {
  readonly message: string;
  readonly code: string;
  readonly position?: string;
  readonly detail?: string;
  readonly severity: string;
}

/** A server ErrorResponse: postgres.js copies its fields (severity, SQLSTATE code…) onto the error. */
export function isServerError(err: unknown): err is PgErrorShape & Error {
  // Not `name === "PostgresError"`: the minified binary renames classes.
  const e = err as PgErrorShape;
  return err instanceof Error && typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code);
}

/** 25P02: "current transaction is aborted": a consequence of an earlier failure, not the cause. */
const IN_FAILED_TRANSACTION = "25P02";

/** The error of a statement of `body`, located in its file. */
export function sqlError(err: unknown, stmt: SectionStatement, body: Extract<StepBody, { kind: "sql" }>, id: StepIdentity): Error {
  if (!isServerError(err)) return err instanceof Error ? err : new Error(String(err));
  // With a server position the error points inside the statement; runtime errors (a missing
  // constraint, a division by zero) carry none, so point at the statement's first character.
  const inStatement = err.position ? Number(err.position) : 1;
  const pos = body.locate(stmt, inStatement);
  return new MigrationSqlError({ file: id.file, line: pos.line, column: pos.column, lineText: pos.lineText, sqlstate: err.code, serverMessage: err.message, detail: err.detail }, id.revision, id.direction, { cause: err });
}

/** Runs a TypeScript step's function on `sql` (the transaction, or the connection outside one). */
export async function runScriptStep(sql: TransactionSql | Sql, body: Extract<StepBody, { kind: "ts" }>, id: StepIdentity): Promise<void> {
  try {
    await body.run({ sql });
  } catch (err) {
    throw new MigrationScriptError(id.file, id.revision, id.direction, err);
  }
}

/**
 * The index of the statement that caused a failure among pipelined outcomes (undefined when all
 * succeeded). Later statements fail only as "transaction is aborted" (25P02), which is a
 * consequence, not the cause; -1 when only such failures are present.
 */
export function firstFailure(outcomes: readonly unknown[]): number | undefined {
  if (outcomes.every((e) => e === undefined)) return undefined;
  return outcomes.findIndex((e) => e !== undefined && !(isServerError(e) && e.code === IN_FAILED_TRANSACTION));
}

/**
 * Sends every statement on `tx` at once and waits for them all. Returns the statement that caused
 * the failure with its server error, or undefined when all succeeded. Throws a failure that no
 * statement caused (only "transaction is aborted" errors, or one that is not the server's).
 */
export async function runPipelined(tx: TransactionSql, texts: readonly string[]): Promise<{ readonly index: number; readonly error: PgErrorShape & Error } | undefined> {
  // `.then` at once keeps the pipeline in order (see run-plan.ts).
  const outcomes = await Promise.all(texts.map((text) => tx.unsafe(text).then(() => undefined, (err: unknown) => err)));
  const failed = firstFailure(outcomes);
  if (failed === undefined) return undefined;
  const error = outcomes[failed < 0 ? outcomes.findIndex((o) => o !== undefined) : failed];
  if (failed < 0 || !isServerError(error)) throw error;
  return { index: failed, error };
}

/**
 * Runs a `transaction: false` step one statement at a time in autocommit mode. A failure says
 * which statements had already been committed, since they cannot be rolled back.
 */
export async function runStepWithoutTransaction(sql: Sql, body: StepBody, id: StepIdentity, beforeEach: () => void): Promise<void> {
  if (body.kind === "ts") return runScriptStep(sql, body, id);
  for (const [i, stmt] of body.statements.entries()) {
    beforeEach();
    try {
      await sql.unsafe(stmt.text);
    } catch (err) {
      if (!isServerError(err)) throw err;
      const committed = body.statements.slice(0, i).map((s) => {
        const p = body.locate(s, 1);
        return { line: p.line, text: s.text.split("\n")[0]! };
      });
      throw new NonTransactionalStepError(sqlError(err, stmt, body, id) as MigrationSqlError, committed);
    }
  }
}
