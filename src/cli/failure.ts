/** How a failure reads for a person: the message, the offending line of a SQL file, the hint. */
import { RetortError } from "../core/errors.ts";
import { SqlFileError } from "../db/errors.ts";

/** The lines that describe `err`, to print on stderr. */
export function failureLines(err: unknown): string[] {
  if (err instanceof RetortError) {
    return [`error: ${err.message}`, ...(hasSourceSite(err) ? [sourceExcerpt(err)] : []), ...(err.hint ? [`hint: ${err.hint}`] : [])];
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return [`error: unexpected failure: ${e.message}`, e.stack?.split("\n").slice(1, 6).join("\n") ?? "", "hint: This is a bug in retort; please report it with the command you ran"];
}

/** Where in a file an error is: a failing statement (SqlFileError) or SQL the lint's parser rejected (LintParseError). */
interface SourceSite {
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly detail?: string | undefined;
}

function hasSourceSite(err: RetortError): err is RetortError & SourceSite {
  if (err instanceof SqlFileError) return true;
  const site = err as Partial<SourceSite>;
  return typeof site.line === "number" && typeof site.column === "number" && typeof site.lineText === "string";
}

/** The offending line with a caret under the column, as compilers show it. */
function sourceExcerpt(err: SourceSite): string {
  const gutter = String(err.line);
  const lines = [`${gutter} | ${err.lineText}`, `${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, err.column - 1))}^`];
  if (err.detail) lines.push(`detail: ${err.detail}`);
  return lines.join("\n");
}
