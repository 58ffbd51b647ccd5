/** Executing one revision's section inside an open transaction, with errors mapped to the file. */
import type { TransactionSql } from "./connect.ts";
import { MigrationScriptError, MigrationSqlError } from "./errors.ts";

/** A position inside a revision file. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
}

/** What a step runs: a SQL section (simple protocol, many statements) or a TS function. */
export type StepBody =
  | {
      readonly kind: "sql";
      readonly sql: string;
      /** Maps a 1-based character position in `sql` to the file. */
      readonly locate: (position: number) => FilePosition;
    }
  | { readonly kind: "ts"; readonly run: (ctx: { readonly sql: TransactionSql }) => Promise<unknown> };

export interface StepIdentity {
  readonly revision: string;
  readonly file: string;
  readonly direction: "upgrade" | "downgrade";
}

interface PgErrorShape {
  readonly name?: string;
  readonly message: string;
  readonly code?: string;
  readonly position?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly severity?: string;
}

/** A server ErrorResponse: postgres.js copies its fields (severity, SQLSTATE code…) onto the error. */
export function isServerError(err: unknown): err is PgErrorShape {
  // Not `name === "PostgresError"`: the minified binary renames classes.
  const e = err as PgErrorShape;
  return err instanceof Error && typeof e.severity === "string" && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code);
}

/** Runs a step body; a server error becomes MigrationSqlError at `file:line:col`. */
export async function runStepBody(tx: TransactionSql, body: StepBody, id: StepIdentity): Promise<void> {
  if (body.kind === "ts") {
    try {
      await body.run({ sql: tx });
    } catch (err) {
      throw new MigrationScriptError(id.file, id.revision, id.direction, err);
    }
    return;
  }
  if (body.sql.trim() === "") return;
  try {
    await tx.unsafe(body.sql);
  } catch (err) {
    if (!isServerError(err)) throw err;
    // Runtime errors (a missing constraint, a division by zero) carry no position: point at the
    // start of the section then.
    const pos = body.locate(err.position ? Number(err.position) : firstStatementPosition(body.sql));
    throw new MigrationSqlError(id.file, pos.line, pos.column, pos.lineText, err.code, err.message, id.revision, id.direction, err.detail);
  }
}

/** 1-based position of the first non-blank, non-comment character. */
function firstStatementPosition(sql: string): number {
  const m = /^(?:\s+|--[^\n]*\n?)*/.exec(sql);
  return (m ? m[0].length : 0) + 1;
}
