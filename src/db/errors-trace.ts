/** The error of `lint --trace`, which runs the linted SQL in the scratch database. */
import { DatabaseError } from "../core/errors.ts";

/** A statement failed while the linted SQL ran in the scratch database; the trace stopped there. */
export class TraceStatementError extends DatabaseError {
  static override readonly code = "trace-statement";
  readonly file: string;
  readonly section: string;
  /** Index of the statement in its section (0-based; the message counts from 1). */
  readonly statement: number;
  readonly text: string;
  readonly sqlstate: string | undefined;
  readonly serverMessage: string;
  /** The COMMIT that ends the section's transaction failed (a deferred constraint), after `statement`, its last. */
  readonly atCommit: boolean;

  constructor(
    site: { file: string; section: string; statement: number; text: string; sqlstate: string | undefined; serverMessage: string; atCommit?: boolean },
    options?: ErrorOptions,
  ) {
    super(
      site.atCommit === true
        ? `${site.file} (${site.section}): the COMMIT after statement ${site.statement + 1} failed in the scratch database: ${site.serverMessage}`
        : `${site.file} (${site.section}), statement ${site.statement + 1} failed in the scratch database: ${site.serverMessage}\n  ${firstLine(site.text)}`,
      "The trace stopped at this statement and the scratch database was left as it is; fix the statement (or the revisions before it) and run the trace again",
      options,
    );
    this.file = site.file;
    this.section = site.section;
    this.statement = site.statement;
    this.text = site.text;
    this.sqlstate = site.sqlstate;
    this.serverMessage = site.serverMessage;
    this.atCommit = site.atCommit === true;
  }

  /** Wraps what the driver threw for statement `statement` of a section. */
  static of(file: string, section: string, statement: number, text: string, err: unknown, atCommit = false): TraceStatementError {
    const e = err as { code?: unknown; message?: unknown };
    const sqlstate = typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
    return new TraceStatementError({ file, section, statement, text, sqlstate, serverMessage: String(e?.message ?? err), atCommit }, { cause: err });
  }
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
