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

/** A SQL section's body. */
export type SqlStepBody = Extract<StepBody, { readonly kind: "sql" }>;

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

/** An error the server sent (an ErrorResponse), with the fields postgres.js copies onto it. */
export type ServerError = PgErrorShape & Error;

/** A server ErrorResponse: postgres.js copies its fields (severity, SQLSTATE code…) onto the error. */
export function isServerError(err: unknown): err is ServerError {
  // Not `name === "PostgresError"`: the minified binary renames classes.
  const e = err as PgErrorShape;
  return err instanceof Error && typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code);
}

/** The 1-based character position inside the statement (sent alone) that the server gave an error, if any. */
export function serverPosition(err: unknown): number | undefined {
  return isServerError(err) && err.position ? Number(err.position) : undefined;
}

/**
 * The error of a statement of `body`, located in its file at `position`, the 1-based character
 * position inside the statement that the server gave (undefined: none).
 */
export function sqlError(err: unknown, stmt: SectionStatement, body: SqlStepBody, id: StepIdentity, position: number | undefined): Error {
  if (!isServerError(err)) return err instanceof Error ? err : new Error(String(err));
  // With a server position the error points inside the statement; runtime errors (a missing
  // constraint, a division by zero) carry none, so point at the statement's first character.
  const inStatement = position ?? 1;
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

/** How a `transaction: false` step continues an earlier run, and learns of each statement that commits. */
export interface StatementResume {
  /** The index of the first statement to run: the ones before it were committed by an earlier run. */
  readonly firstStatement: number;
  /** Monotonic milliseconds, to time each statement. */
  readonly clock: () => number;
  /** Called once statement `index` has committed, before the next one starts (to record it). */
  readonly onCommitted: (statement: SectionStatement, index: number, ms: number) => Promise<void>;
}

/**
 * Runs a `transaction: false` step one statement at a time in autocommit mode, from
 * `resume.firstStatement` on. A failure says which statements had already been committed (by
 * this run or an earlier one), since they cannot be rolled back.
 */
export async function runStepWithoutTransaction(
  sql: Sql,
  body: StepBody,
  id: StepIdentity,
  beforeEach: () => void,
  resume?: StatementResume,
  /** Runs one statement; the migration runner retries it alone after a lock timeout (see retry-statement.ts). */
  execute: (stmt: SectionStatement, index: number) => Promise<unknown> = (stmt) => sql.unsafe(stmt.text),
): Promise<void> {
  if (body.kind === "ts") return runScriptStep(sql, body, id);
  for (let i = resume?.firstStatement ?? 0; i < body.statements.length; i++) {
    const stmt = body.statements[i]!;
    beforeEach();
    const started = resume?.clock() ?? 0;
    try {
      await execute(stmt, i);
    } catch (err) {
      if (!isServerError(err)) throw err;
      const committed = body.statements.slice(0, i).map((s) => {
        const p = body.locate(s, 1);
        return { line: p.line, text: s.text.split("\n")[0]! };
      });
      throw new NonTransactionalStepError(sqlError(err, stmt, body, id, serverPosition(err)) as MigrationSqlError, committed);
    }
    if (resume) await resume.onCommitted(stmt, i, resume.clock() - started);
  }
}
