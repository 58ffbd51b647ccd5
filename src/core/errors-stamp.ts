/**
 * Errors of stamp, merge and offline `--sql` planning. Re-exported by errors.ts; import them from
 * there. Messages follow Deno std: sentence case, values in double quotes, no trailing period.
 */
import { quoted, ScriptError, UsageError } from "./_error-base.ts";

/** A command that takes a list of revisions. */
export type RevisionListCommand = "stamp" | "merge";

/** `stamp` or `merge` with no revision at all. */
export class MissingTargetError extends UsageError {
  static override readonly code = "target-required";
  readonly command: RevisionListCommand;
  constructor(command: RevisionListCommand) {
    super(
      `Cannot ${command}: no revision was given`,
      command === "stamp"
        ? 'Name what the database is at: "head", "heads", "base", "<branch_label>@head" or a revision id'
        : 'Name two or more revisions to merge, or "heads"',
    );
    this.command = command;
  }
}

/** Where a target was given that its kind cannot be used. */
export type TargetRule = "relative-with-purge" | "relative-offline" | "relative-in-merge" | "base-in-merge";

const TARGET_RULES: Record<TargetRule, { message: (target: string) => string; hint: string }> = {
  "relative-with-purge": {
    message: (t) => `Cannot stamp "${t}" with --purge: a relative step counts from the current heads, which --purge discards`,
    hint: "Name the revision to stamp, or stamp without --purge",
  },
  "relative-offline": {
    message: (t) => `Cannot use "${t}" with --sql: a relative step counts from the current heads, and there is no database`,
    hint: 'Give the revision to count from as the start of a range, such as "ae10:+1" or "head:-1"',
  },
  "relative-in-merge": {
    message: (t) => `Cannot merge "${t}": a relative step counts from the current heads, and merge does not read them`,
    hint: 'Name the revisions to merge, or use "heads"',
  },
  "base-in-merge": {
    message: (t) => `Cannot merge "${t}": base is not a revision`,
    hint: 'Name the revisions to merge, or use "heads"',
  },
};

/** A target that follows the grammar but cannot be used here (a relative step with --purge…). */
export class TargetNotAllowedError extends UsageError {
  static override readonly code = "target-not-allowed";
  readonly target: string;
  readonly rule: TargetRule;
  constructor(target: string, rule: TargetRule) {
    const { message, hint } = TARGET_RULES[rule];
    super(message(target), hint);
    this.target = target;
    this.rule = rule;
  }
}

/** Two revisions given to stamp or merge lie on one line: one is an ancestor of the other. */
export class OverlappingTargetsError extends ScriptError {
  static override readonly code = "overlapping-targets";
  readonly command: RevisionListCommand;
  readonly ancestor: string;
  readonly descendant: string;
  constructor(command: RevisionListCommand, ancestor: string, descendant: string) {
    super(
      `Cannot ${command} "${ancestor}" and "${descendant}" together: "${ancestor}" is an ancestor of "${descendant}"`,
      command === "stamp"
        ? `The version table holds only the newest revision of each line; stamp "${descendant}" without "${ancestor}"`
        : `A merge joins separate branches, and "${descendant}" already includes "${ancestor}"`,
    );
    this.command = command;
    this.ancestor = ancestor;
    this.descendant = descendant;
  }
}

/** `merge` whose targets name fewer than two distinct revisions (`merge heads` with one head). */
export class MergeTooFewRevisionsError extends ScriptError {
  static override readonly code = "merge-too-few";
  readonly targets: readonly string[];
  readonly revisions: readonly string[];
  constructor(targets: readonly string[], revisions: readonly string[]) {
    const subject = targets.length === 1 ? "it names" : "they name";
    const found = revisions.length === 0 ? `${subject} none` : `${subject} only "${revisions[0]}"`;
    super(
      `Cannot merge ${quoted(targets)}: a merge needs 2 revisions, and ${found}`,
      "A merge joins two or more heads; run retort heads to list them",
    );
    this.targets = targets;
    this.revisions = revisions;
  }
}

/** `downgrade <target> --sql` without a starting revision (Alembic: "requires <fromrev>:<torev>"). */
export class OfflineRangeRequiredError extends UsageError {
  static override readonly code = "offline-range-required";
  readonly target: string;
  constructor(target: string) {
    super(
      `Cannot downgrade to "${target}" with --sql: offline mode needs a range "<from>:<to>"`,
      `There is no database to read the current revision from; give it first, such as "head:${target}"`,
    );
    this.target = target;
  }
}

/** A `--sql` range that does not follow `[from:]to`. */
export class OfflineRangeSyntaxError extends UsageError {
  static override readonly code = "offline-range-syntax";
  readonly range: string;
  readonly reason: string;
  constructor(range: string, reason: string) {
    super(
      `Invalid --sql range "${range}": ${reason}`,
      'Ranges look like "<from>:<to>", such as "base:head", "ae10:head" or "head:-1"',
    );
    this.range = range;
    this.reason = reason;
  }
}

/** A `--sql` range whose target lies on the wrong side of its start (`upgrade c:a`, `downgrade a:c`). */
export class OfflineRangeDirectionError extends ScriptError {
  static override readonly code = "offline-range-direction";
  readonly direction: "upgrade" | "downgrade";
  /** The revisions the range starts from (empty: base). */
  readonly from: readonly string[];
  readonly target: string;
  /** The revision the target names that lies on the wrong side. */
  readonly revision: string;
  constructor(direction: "upgrade" | "downgrade", from: readonly string[], target: string, revision: string) {
    const start = from.length === 0 ? "base" : quoted(from);
    const where = direction === "upgrade" ? "is below" : "is not below";
    super(
      `Cannot ${direction} from ${start} to "${target}" with --sql: revision "${revision}" ${where} ${start}`,
      `Put the ${direction === "upgrade" ? "older" : "newer"} revision first: "<from>:<to>"`,
    );
    this.direction = direction;
    this.from = from;
    this.target = target;
    this.revision = revision;
  }
}
