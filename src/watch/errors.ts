/**
 * Why `retort watch` cannot pick the revision to watch (exit 2).
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { UsageError } from "../core/errors.ts";

/** `watch --revision X` where X names no revision, or several. */
export class WatchRevisionNotOneError extends UsageError {
  static override readonly code = "watch-revision-not-one";
  /** The target given with --revision. */
  readonly wanted: string;
  /** The revisions it names. */
  readonly named: readonly string[];

  constructor(wanted: string, named: readonly string[]) {
    const what = named.length === 0 ? "no revision" : `${named.length} revisions (${named.join(", ")})`;
    super(`--revision ${wanted} names ${what}`, "Name one revision: an id, a prefix, a branch label or label@head");
    this.wanted = wanted;
    this.named = named;
  }
}

/** `watch` in a project with no revisions yet. */
export class NoRevisionToWatchError extends UsageError {
  static override readonly code = "watch-no-revision";

  constructor() {
    super("There are no revisions to watch", "Create one with `retort revision -m \"…\"`");
  }
}

/** `watch` without --revision while the graph has several heads. */
export class SeveralHeadsToWatchError extends UsageError {
  static override readonly code = "watch-several-heads";
  readonly heads: readonly string[];

  constructor(heads: readonly string[]) {
    super(`There are ${heads.length} heads (${heads.join(", ")})`, "Pick one with `retort watch --revision <rev>`, or merge them");
    this.heads = heads;
  }
}
