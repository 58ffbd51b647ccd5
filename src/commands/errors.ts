/**
 * Errors raised by the verbs themselves (as opposed to the graph, the files or the server).
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { CheckFailedError, ScriptError, UsageError } from "../core/errors.ts";
import type { LintReport } from "../project/lint.ts";
import type { CheckResult } from "../project/schema-diff.ts";

/** `current --check-heads` found the database behind its heads (exit 1). */
export class NotAtHeadsError extends CheckFailedError {
  static override readonly code = "not-at-heads";
  readonly current: readonly string[];
  readonly heads: readonly string[];

  constructor(current: readonly string[], heads: readonly string[]) {
    super(
      `The database is not on all head revisions: it is at ${current.length ? current.map((c) => `"${c}"`).join(", ") : "base"}, the heads are ${heads.map((h) => `"${h}"`).join(", ")}`,
      "Run `retort upgrade heads`",
    );
    this.current = current;
    this.heads = heads;
  }
}

/** `check` found differences (exit 1), carrying them: the CLI prints them (SQL or document) before the error. */
export class SchemaDriftError extends CheckFailedError {
  static override readonly code = "schema-drift";
  /** The differences (and, with `check --lint`, the lint report under `lint`). */
  readonly findings: CheckResult & { readonly lint?: LintReport };

  constructor(findings: CheckResult & { readonly lint?: LintReport }) {
    super(driftMessage(findings), DRIFT_HINTS[findings.against]);
    this.findings = findings;
  }
}

/** `init` would overwrite an existing, non-empty directory. */
export class InitTargetExistsError extends UsageError {
  static override readonly code = "init-exists";
  readonly directory: string;
  /** The alembic.ini next to it, when the folder is an Alembic project (then the hint offers the import). */
  readonly alembicIni: string | null;

  constructor(directory: string, alembicIni: string | null = null) {
    super(
      `Directory "${directory}" already exists and is not empty`,
      alembicIni === null
        ? "Choose another directory, or remove this one first"
        : `This folder is an Alembic project: run \`retort import alembic ${alembicIni}\` to bring its revisions along, or choose another directory`,
    );
    this.directory = directory;
    this.alembicIni = alembicIni;
  }
}

/** `revision --head X` names a revision that already has children, without `--splice`. */
export class NotAHeadError extends UsageError {
  static override readonly code = "not-a-head";
  readonly revision: string;

  constructor(revision: string) {
    super(`Revision "${revision}" is not a head revision`, "Pass --splice to start a new branch from it, or base the new revision on a head");
    this.revision = revision;
  }
}

/** `revision --autogenerate --ts`: autogenerate writes SQL, so the two flags exclude each other. */
export class AutogenerateTypeScriptError extends UsageError {
  static override readonly code = "autogenerate-ts";

  constructor() {
    super("--autogenerate writes SQL revisions, not TypeScript ones", "Leave out --ts");
  }
}

/** `stamp --purge --sql`: an offline script does not know which rows the purge would delete. */
export class OfflinePurgeError extends UsageError {
  static override readonly code = "purge-offline";

  constructor() {
    super("--purge cannot be combined with --sql", "Run the stamp online, or write the DELETE yourself");
  }
}

/** `rehash <rev>` names a revision whose upgrade section is what was applied: nothing to accept. */
export class RevisionNotChangedError extends UsageError {
  static override readonly code = "not-changed";
  readonly revision: string;

  constructor(revision: string) {
    super(`Revision "${revision}" has not changed since it was applied`, "Run `retort rehash` without arguments to accept every changed revision");
    this.revision = revision;
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

/**
 * `stamp <target>` in a project whose versions directories hold no revision: there is nothing to
 * resolve the target against, and recording base instead would claim the database is empty.
 */
export class StampWithoutRevisionsError extends ScriptError {
  static override readonly code = "stamp-without-revisions";
  readonly target: string;
  readonly dirs: readonly string[];
  /** Whether the directories hold `.py` files (an Alembic project not converted yet). */
  readonly pythonFiles: boolean;

  constructor(target: string, dirs: readonly string[], pythonFiles: boolean) {
    super(
      `Cannot stamp "${target}": no revision was read from ${dirs.map((d) => `"${d}"`).join(", ")} to resolve it against`,
      pythonFiles
        ? "The .py files there are not read by retort: convert them with `retort import alembic`, then stamp"
        : "Check script_location and version_locations in retort.toml, or create a revision with `retort revision -m`",
    );
    this.target = target;
    this.dirs = dirs;
    this.pythonFiles = pythonFiles;
  }
}
