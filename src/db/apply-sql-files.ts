/**
 * Applies SQL files (schema files) to a database in one transaction, statement by statement and
 * pipelined, as revisions are run. A failing statement is reported at its file, line and column.
 */
import { sectionPosition } from "../scripts/sql-revision.ts";
import { positionInSection, splitStatements } from "../scripts/split-statements.ts";
import type { Sql } from "./connect.ts";
import { SchemaSqlError } from "./errors.ts";
import { runPipelined } from "./run-step.ts";

/** A file's path (as shown to the user) and its text. */
export interface SqlFile {
  readonly path: string;
  readonly text: string;
}

/** Runs every statement of `files`, in order, in one transaction. */
export async function applySqlFiles(sql: Sql, files: readonly SqlFile[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (const file of files) {
      const text = file.text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
      const statements = splitStatements(text);
      const failure = await runPipelined(tx, statements.map((s) => s.text));
      if (failure === undefined) continue;
      const { index, error: err } = failure;
      const statement = statements[index]!;
      const position = positionInSection(text, statement, err.position ? Number(err.position) : 1);
      const at = sectionPosition(text, { sql: text, line: 1, column: 1, offset: 0 }, position);
      throw new SchemaSqlError({ file: file.path, line: at.line, column: at.column, lineText: at.lineText, sqlstate: err.code, serverMessage: err.message, detail: err.detail }, { cause: err });
    }
  });
}
