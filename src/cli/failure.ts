/** How a failure reads for a person: the message, the offending line of a SQL file, the hint. */
import { RetortError } from "../core/errors.ts";
import { SqlFileError } from "../db/errors.ts";

/** The lines that describe `err`, to print on stderr. */
export function failureLines(err: unknown): string[] {
  if (err instanceof RetortError) {
    return [`error: ${err.message}`, ...(err instanceof SqlFileError ? [sourceExcerpt(err)] : []), ...(err.hint ? [`hint: ${err.hint}`] : [])];
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return [`error: unexpected failure: ${e.message}`, e.stack?.split("\n").slice(1, 6).join("\n") ?? "", "hint: This is a bug in retort; please report it with the command you ran"];
}

/** The offending line with a caret under the column, as compilers show it. */
function sourceExcerpt(err: SqlFileError): string {
  const gutter = String(err.line);
  const lines = [`${gutter} | ${err.lineText}`, `${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, err.column - 1))}^`];
  if (err.detail) lines.push(`detail: ${err.detail}`);
  return lines.join("\n");
}
