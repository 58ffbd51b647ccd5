/** Errors raised by the verbs themselves (as opposed to the graph, the files or the server). */
import { CheckFailedError, UsageError } from "../core/errors.ts";
import type { CheckResult } from "../project/schema-diff.ts";

/** `current --check-heads` found the database behind its heads (exit 1). */
export class NotAtHeadsError extends CheckFailedError {
  readonly code = "not-at-heads";
  constructor(readonly current: readonly string[], readonly heads: readonly string[]) {
    super(
      `The database is not on all head revisions: it is at ${current.length ? current.map((c) => `"${c}"`).join(", ") : "base"}, the heads are ${heads.map((h) => `"${h}"`).join(", ")}`,
      "Run `retort upgrade heads`",
    );
  }
}

/** `init` would overwrite an existing, non-empty directory. */
export class InitTargetExistsError extends UsageError {
  constructor(readonly directory: string) {
    super(`Directory "${directory}" already exists and is not empty`, "Choose another directory, or remove this one first", "init-exists");
  }
}

/** `revision --head X` names a revision that already has children, without `--splice`. */
export class NotAHeadError extends UsageError {
  constructor(readonly revision: string) {
    super(
      `Revision "${revision}" is not a head revision`,
      "Pass --splice to start a new branch from it, or base the new revision on a head",
      "not-a-head",
    );
  }
}

/** `check` found differences (exit 1), carrying them: the CLI prints them (SQL or document) before the error. */
export class SchemaDriftError extends CheckFailedError {
  readonly code = "schema-drift";
  constructor(readonly findings: CheckResult) {
    super(driftMessage(findings), DRIFT_HINTS[findings.against]);
  }
}

/** What a failed check found, counted; the findings themselves are printed above the message. */
function driftMessage(findings: CheckResult): string {
  const differences = findings.steps.length + findings.unsupported.length;
  const counted = `${differences} difference${differences === 1 ? "" : "s"}`;
  return findings.against === "schema"
    ? `The schema files and the revisions disagree (${counted}, shown above as SQL)`
    : `The database differs from what its applied revisions produce (${counted}, shown above as the SQL that would bring it back)`;
}

const DRIFT_HINTS: Readonly<Record<CheckResult["against"], string>> = {
  schema: "Run `retort revision --autogenerate -m \"…\"` to write a revision, or change the schema files",
  database: "Find who changed it outside the revisions; put the change in a revision, or undo it",
};
