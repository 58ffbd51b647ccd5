/**
 * Base error type, exit codes, and the errors of the revision graph, targets and plans. Every
 * failure retort reports is a RetortError subclass that carries its data; only `cli/` turns one
 * into text for a person.
 */
import { quoted, ScriptError, UsageError } from "./_error-base.ts";

// The base classes live in their own module so that errors-stamp.ts can extend them without an
// import cycle through this file (a cycle would leave ScriptError undefined at class definition).
export {
  CheckFailedError,
  DatabaseError,
  ExitCode,
  InterruptedError,
  LockUnavailableError,
  RetortError,
  ScriptError,
  UsageError,
} from "./_error-base.ts";
export * from "./errors-stamp.ts";
export * from "./errors-import.ts";

// ---------------------------------------------------------------------------------------------
// Revision graph, target and plan errors. Each carries the data a caller needs to act on it; the
// message is for people, written like Deno std (sentence case, values in double quotes, no period).

/** How a revision header refers to another revision. */
export type RevisionRelation = "down_revision" | "depends_on";

/** Two revision files declare the same id. */
export class DuplicateRevisionError extends ScriptError {
  static override readonly code = "duplicate-revision";
  readonly id: string;
  readonly sources: readonly string[];
  constructor(id: string, sources: readonly string[]) {
    const files = sources.map((s) => `"${s}"`).join(" and ");
    super(`Revision "${id}" is defined twice: in ${files}`, "Give one of the files a new revision id");
    this.id = id;
    this.sources = sources;
  }
}

/** A down_revision or depends_on names a revision (or label) that does not exist. */
export class MissingParentError extends ScriptError {
  static override readonly code = "missing-parent";
  readonly id: string;
  readonly source: string;
  readonly missing: string;
  readonly relation: RevisionRelation;
  constructor(id: string, source: string, missing: string, relation: RevisionRelation) {
    super(
      `Cannot find ${relation} "${missing}" of revision "${id}" in "${source}"`,
      relation === "down_revision"
        ? "Restore the missing revision file, or fix the down_revision header"
        : "depends_on takes revision ids or branch labels; restore the missing file or fix the header",
    );
    this.id = id;
    this.source = source;
    this.missing = missing;
    this.relation = relation;
  }
}

/** A revision names itself as its own parent or dependency. */
export class SelfLoopError extends ScriptError {
  static override readonly code = "self-loop";
  readonly id: string;
  readonly source: string;
  readonly relation: RevisionRelation;
  constructor(id: string, source: string, relation: RevisionRelation) {
    super(`Revision "${id}" in "${source}" names itself in its ${relation}`, `Remove "${id}" from ${relation}`);
    this.id = id;
    this.source = source;
    this.relation = relation;
  }
}

/** down_revision / depends_on headers form a cycle; `ids[i]` depends on `ids[i + 1]` (wrapping). */
export class RevisionCycleError extends ScriptError {
  static override readonly code = "revision-cycle";
  readonly ids: readonly string[];
  readonly sources: readonly string[];
  constructor(ids: readonly string[], sources: readonly string[]) {
    const chain = ids.map((id, i) => `"${id}" in "${sources[i]}"`).join(" -> ");
    super(`Revisions form a cycle: ${chain} -> "${ids[0]}"`, "Fix the down_revision or depends_on header of one of them");
    this.ids = ids;
    this.sources = sources;
  }
}

/** A branch label is carried by two revisions, or equals another revision's id. */
export class DuplicateBranchLabelError extends ScriptError {
  static override readonly code = "duplicate-branch-label";
  readonly label: string;
  readonly ids: readonly string[];
  readonly sources: readonly string[];
  constructor(label: string, ids: readonly string[], sources: readonly string[]) {
    super(
      `Branch label "${label}" is used twice: by ${ids.map((id, i) => `"${id}" in "${sources[i]}"`).join(" and ")}`,
      "A branch label must name exactly one revision and differ from every revision id",
    );
    this.label = label;
    this.ids = ids;
    this.sources = sources;
  }
}

/**
 * A revision's own id, as its file declares it, that the target grammar could not tell apart from
 * a keyword or operator (exit 3: the file is wrong). An id given with `--rev-id` is the usage
 * error InvalidRevIdOptionError of scripts/errors.ts.
 */
export class InvalidRevisionIdError extends ScriptError {
  static override readonly code = "invalid-revision-id";
  readonly id: string;
  readonly source: string;
  readonly reason: string;
  constructor(id: string, source: string, reason: string) {
    super(
      `Invalid revision id "${id}" in "${source}": ${reason}`,
      "Revision ids cannot contain @ - + : , or white space, nor be head, heads, base or current",
    );
    this.id = id;
    this.source = source;
    this.reason = reason;
  }
}

/** A branch label that the target grammar could not tell apart from a keyword or operator. */
export class InvalidBranchLabelError extends ScriptError {
  static override readonly code = "invalid-branch-label";
  readonly label: string;
  readonly source: string;
  readonly reason: string;
  constructor(label: string, source: string, reason: string) {
    super(
      `Invalid branch label "${label}" in "${source}": ${reason}`,
      "Branch labels cannot contain @ + : , or white space, end in -N, nor be head, heads, base or current",
    );
    this.label = label;
    this.source = source;
    this.reason = reason;
  }
}

/** Where an unresolvable identifier came from: the user, or a row of the version table. */
export type RevisionOrigin = "argument" | "version-table";

/** No revision id, unique prefix or branch label matches. */
export class UnknownRevisionError extends ScriptError {
  static override readonly code = "unknown-revision";
  readonly ident: string;
  readonly origin: RevisionOrigin;
  /** False when no revision script was read at all: the scripts are missing, not the row's revision. */
  readonly revisionsRead: boolean;
  constructor(ident: string, origin: RevisionOrigin = "argument", revisionsRead = true) {
    super(
      origin === "version-table"
        ? `Cannot find revision "${ident}" from the version table among the revision scripts`
        : `Cannot resolve revision "${ident}": no revision id, prefix or branch label matches it`,
      origin === "version-table"
        ? revisionsRead
          ? "The database was migrated from another checkout: update this one, or reset the version table with retort stamp --purge"
          : // --purge would only record base: with no scripts, the cause is where retort looks.
            "No revision script was read: check script_location and version_locations in retort.toml (an Alembic project's .py revisions convert with `retort import alembic`)"
        : ident.length < 4
          ? "A partial revision id needs at least 4 characters"
          : "Run retort history to list the revisions",
    );
    this.ident = ident;
    this.origin = origin;
    this.revisionsRead = revisionsRead;
  }
}

/** A revision id prefix matches several revisions. */
export class AmbiguousRevisionError extends ScriptError {
  static override readonly code = "ambiguous-revision";
  readonly prefix: string;
  readonly matches: readonly string[];
  constructor(prefix: string, matches: readonly string[]) {
    super(
      `Cannot resolve revision "${prefix}": ${matches.length} revisions start with it: ${quoted(matches)}`,
      "Use more characters of the revision id",
    );
    this.prefix = prefix;
    this.matches = matches;
  }
}

/** `head` (or `label@head`) names several heads. */
export class MultipleHeadsError extends ScriptError {
  static override readonly code = "multiple-heads";
  readonly heads: readonly string[];
  readonly target: string;
  /** For each head that one of its branch labels names alone, `label@head` (what the hint suggests). */
  readonly labelTargets: readonly string[];
  /** `labels` holds each head's branch labels (own and inherited), in the order of `heads`. */
  constructor(heads: readonly string[], target: string, labels: readonly (readonly string[])[] = []) {
    const labelTargets = headLabelTargets(labels);
    super(
      `Cannot resolve "${target}": there are ${heads.length} heads: ${quoted(heads)}`,
      // Alembic's advice names "<branchname>@head" even where no branch has a label; name real ones only.
      (labelTargets.length > 0 ? `Pick one with ${quoted(labelTargets)} or a revision id` : "Pick one by its revision id") +
        ', use "heads" for all of them, or join them with retort merge heads',
    );
    this.heads = heads;
    this.target = target;
    this.labelTargets = labelTargets;
  }
}

/** `label@head` for each head with a label no other head has (a label on a shared trunk names several). */
function headLabelTargets(labels: readonly (readonly string[])[]): string[] {
  const count = new Map<string, number>();
  for (const list of labels) for (const l of new Set(list)) count.set(l, (count.get(l) ?? 0) + 1);
  return labels.flatMap((list) => {
    const own = list.find((l) => count.get(l) === 1);
    return own === undefined ? [] : [`${own}@head`];
  });
}

/** A relative target (`+N`, `-N`, `rev+N`, `label@-N`) steps past a head or below base. */
export class RelativeRangeError extends ScriptError {
  static override readonly code = "relative-out-of-range";
  readonly target: string;
  /** The requested step count, signed: positive is up. */
  readonly steps: number;
  /** Where the walk started: a revision id, or null for base. */
  readonly from: string | null;
  /** How many steps were possible. */
  readonly available: number;
  constructor(target: string, steps: number, from: string | null, available: number) {
    const where = from === null ? "base" : `"${from}"`;
    const direction = steps > 0 ? "up" : "down";
    super(
      `Cannot resolve "${target}": only ${available} of ${Math.abs(steps)} steps ${direction} from ${where} are possible`,
      steps > 0 ? "Use head to go to the newest revision" : "Use base to remove every revision",
    );
    this.target = target;
    this.steps = steps;
    this.from = from;
    this.available = available;
  }
}

/** Why a target has more than one reasonable meaning. */
export type AmbiguityReason = "several-current-heads" | "several-bases" | "branch-point" | "merge-point";

/** A target could mean several revisions; retort refuses to guess (Alembic warns and picks one). */
export class AmbiguousTargetError extends ScriptError {
  static override readonly code = "ambiguous-target";
  readonly target: string;
  readonly reason: AmbiguityReason;
  /** The revision where the walk split, or null at base / the current heads. */
  readonly at: string | null;
  readonly candidates: readonly string[];
  constructor(target: string, reason: AmbiguityReason, at: string | null, candidates: readonly string[]) {
    const why = {
      "several-current-heads": `the database has ${candidates.length} heads`,
      "several-bases": `there are ${candidates.length} bases`,
      "branch-point": `revision "${at}" has ${candidates.length} children`,
      "merge-point": `revision "${at}" has ${candidates.length} parents`,
    }[reason];
    super(
      `Cannot resolve "${target}": ${why}: ${quoted(candidates)}`,
      'Name a branch ("<branch_label>@-1", "<branch_label>@+1") or a revision id',
    );
    this.target = target;
    this.reason = reason;
    this.at = at;
    this.candidates = candidates;
  }
}

/** `label@rev` where the revision is neither an ancestor nor a descendant of the label. */
export class NotOnBranchError extends ScriptError {
  static override readonly code = "not-on-branch";
  readonly revision: string;
  readonly branch: string;
  constructor(revision: string, branch: string) {
    super(
      `Revision "${revision}" is not on branch "${branch}"`,
      "Run retort branches to see which revisions each branch holds",
    );
    this.revision = revision;
    this.branch = branch;
  }
}

/** `downgrade X` where X is not applied: downgrade only moves down. */
export class TargetNotAppliedError extends ScriptError {
  static override readonly code = "target-not-applied";
  readonly target: string;
  readonly revision: string;
  readonly currentHeads: readonly string[];
  constructor(target: string, revision: string, currentHeads: readonly string[]) {
    super(
      `Cannot downgrade to "${target}": revision "${revision}" is not applied`,
      currentHeads.length === 0
        ? "The database has no revisions applied"
        : `The database is at ${quoted(currentHeads)}; use retort upgrade to move forward`,
    );
    this.target = target;
    this.revision = revision;
    this.currentHeads = currentHeads;
  }
}

/** A history range whose lower bound is not below its upper bound. */
export class RangeNotAncestorError extends ScriptError {
  static override readonly code = "range-not-ancestor";
  readonly lower: string;
  readonly upper: readonly string[];
  constructor(lower: string, upper: readonly string[]) {
    super(
      `Revision "${lower}" is not an ancestor of ${upper.length === 0 ? "base" : quoted(upper)}`,
      'Put the older revision first: "<older>:<newer>"',
    );
    this.lower = lower;
    this.upper = upper;
  }
}

/** A target that does not follow the grammar (exit 2: nothing about the scripts is wrong). */
export class TargetSyntaxError extends UsageError {
  static override readonly code = "target-syntax";
  readonly target: string;
  readonly reason: string;
  constructor(target: string, reason: string) {
    super(
      `Invalid target "${target}": ${reason}`,
      "Targets look like head, heads, base, <rev>, <label>@head, <label>@<rev>, +1, -1, <rev>+2 or <label>@-1",
    );
    this.target = target;
    this.reason = reason;
  }
}

/** A relative step in the wrong direction for the command (`upgrade -1`, `downgrade +1`). */
export class TargetDirectionError extends UsageError {
  static override readonly code = "target-direction";
  readonly target: string;
  readonly direction: "upgrade" | "downgrade";
  constructor(target: string, direction: "upgrade" | "downgrade") {
    super(
      `Cannot ${direction} to "${target}": it moves ${direction === "upgrade" ? "down" : "up"} from the current heads`,
      `Use retort ${direction === "upgrade" ? "downgrade" : "upgrade"} ${target}`,
    );
    this.target = target;
    this.direction = direction;
  }
}

/** A history range that does not follow `[lower]:[upper]`. */
export class RangeSyntaxError extends UsageError {
  static override readonly code = "range-syntax";
  readonly range: string;
  readonly reason: string;
  constructor(range: string, reason: string) {
    super(
      `Invalid history range "${range}": ${reason}`,
      "Ranges look like a:b, a:, :b, -3:, :current or -3:current",
    );
    this.range = range;
    this.reason = reason;
  }
}
