/**
 * Statements whose long waits block nobody: `CREATE INDEX CONCURRENTLY`, `REINDEX …
 * CONCURRENTLY` and `ALTER TABLE … VALIDATE CONSTRAINT` hold at most a SHARE UPDATE EXCLUSIVE
 * lock, which lets the application read and write, and they are slow by nature on a big table.
 * They run without a statement timeout. Recognised from their leading key words with the
 * statement splitter's lexer: a full parser costs start-up time on every run.
 */
import { leadingTokens } from "./split-statements.ts";

/** Whether `statement` is one of the statements whose waits block nobody (see above). */
export function waitsBlockNobody(statement: string): boolean {
  // Four tokens tell most statements apart, and a CREATE from a CREATE INDEX CONCURRENTLY (every
  // CREATE TABLE of a run was read whole); only the other candidates are read further.
  const head = leadingTokens(statement, 4);
  if (head[0] === "create") return isCreateIndexConcurrently(head);
  if (head[0] === "reindex") return isReindexConcurrently(leadingTokens(statement, 256));
  if (head[0] === "alter" && head[1] === "table") return isOnlyValidateConstraint(leadingTokens(statement, 256));
  return false;
}

/** Whether `statement` is `CREATE [UNIQUE] INDEX CONCURRENTLY …`, which can leave an INVALID index behind when it fails. */
export function isCreateIndexConcurrently(statement: string | readonly string[]): boolean {
  const t = typeof statement === "string" ? leadingTokens(statement, 4) : statement;
  const at = t[1] === "unique" ? 2 : 1;
  return t[0] === "create" && t[at] === "index" && t[at + 1] === "concurrently";
}

/** `REINDEX [ ( options ) ] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } CONCURRENTLY …` */
function isReindexConcurrently(t: readonly string[]): boolean {
  let at = 1;
  if (t[at] === "(") {
    while (at < t.length && t[at] !== ")") at++;
    at++;
  }
  return t[at + 1] === "concurrently";
}

/** `ALTER TABLE [IF EXISTS] [ONLY] name [*] VALIDATE CONSTRAINT c [, VALIDATE CONSTRAINT d …]` and no other action. */
function isOnlyValidateConstraint(t: readonly string[]): boolean {
  let at = 2;
  if (t[at] === "if" && t[at + 1] === "exists") at += 2;
  if (t[at] === "only") at++;
  at++; // the table's name, perhaps qualified
  while (t[at] === ".") at += 2;
  if (t[at] === "*") at++;
  for (;;) {
    if (t[at] !== "validate" || t[at + 1] !== "constraint" || t[at + 2] === undefined) return false;
    at += 3;
    if (at === t.length) return true;
    if (t[at] !== ",") return false;
    at++;
  }
}
