/**
 * Applies SQL files (schema files) to a database in one transaction, statement by statement and
 * pipelined, as revisions are run. A failing statement is reported at its file, line and column.
 */
import { sectionPosition } from "../scripts/sql-revision.ts";
import { positionInSection, splitStatements } from "../scripts/split-statements.ts";
import { statementsShareQueries, type Sql } from "./connect.ts";
import { SchemaSqlError } from "./errors.ts";
import { runPipelined } from "./pipeline.ts";

/** A file's path (as shown to the user) and its text. */
export interface SqlFile {
  readonly path: string;
  readonly text: string;
}

/** Runs every statement of `files`, in order, in one transaction, pipelined across the files. */
export async function applySqlFiles(sql: Sql, files: readonly SqlFile[]): Promise<void> {
  const split = files.map((file) => {
    const text = file.text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    return { path: file.path, text, statements: splitStatements(text) };
  });
  await sql.begin(async (tx) => {
    const failure = await runPipelined(tx, split, (f) => f.statements, { shareQueries: statementsShareQueries(sql) });
    if (failure === undefined) return;
    const { path, text, statements } = split[failure.unit]!;
    const err = failure.error;
    const position = positionInSection(text, statements[failure.statement]!, failure.position ?? 1);
    const at = sectionPosition(text, { sql: text, line: 1, column: 1, offset: 0 }, position);
    throw new SchemaSqlError({ file: path, line: at.line, column: at.column, lineText: at.lineText, sqlstate: err.code, serverMessage: err.message, detail: err.detail }, { cause: err });
  });
}
