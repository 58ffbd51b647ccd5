/**
 * `retort history`: which revisions a range covers, newest first, as Alembic's
 * `walk_revisions` lists them.
 */
import { RangeNotAncestorError, RangeSyntaxError } from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { historyOrder } from "./history-order.ts";
import type { Revision } from "./revision.ts";
import { parseTarget, resolveTargetRevisions, type Target } from "./target.ts";
import { checkVersionRows } from "./_version-table.ts";

/** One end of a history range. */
export type HistoryBound =
  | { readonly kind: "base" | "heads" | "current" }
  /** Lower bound only: revisions up to `steps` below the upper bound (`-3:`). */
  | { readonly kind: "below"; readonly steps: number }
  | { readonly kind: "target"; readonly target: Target };

/** A parsed `lower:upper` range; an empty lower is base and an empty upper is heads. */
export interface HistoryRange {
  readonly lower: HistoryBound;
  readonly upper: HistoryBound;
}

/** One line of history. */
export interface HistoryEntry {
  readonly revision: Revision;
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Whether the revision is a row of the version table. */
  readonly isCurrent: boolean;
}

/** The whole history: base to heads. */
export const FULL_HISTORY: HistoryRange = { lower: { kind: "base" }, upper: { kind: "heads" } };

/** Parses `a:b`, `a:`, `:b`, `-3:`, `:current`, `-3:current`… (the `-r` value of history). */
export function parseHistoryRange(text: string): HistoryRange {
  const parts = text.split(":");
  if (parts.length !== 2) {
    const reason = parts.length < 2 ? 'it needs a ":" between the lower and upper bound' : 'it has more than one ":"';
    throw new RangeSyntaxError(text, reason);
  }
  const [lower, upper] = parts as [string, string];
  const below = /^-(\d+)$/.exec(lower);
  if (below) {
    const steps = Number(below[1]);
    if (steps === 0 || !Number.isSafeInteger(steps)) {
      throw new RangeSyntaxError(text, `"${lower}" must step down at least 1`);
    }
    return { lower: { kind: "below", steps }, upper: parseBound(upper, "heads") };
  }
  return { lower: parseBound(lower, "base"), upper: parseBound(upper, "heads") };
}

function parseBound(text: string, empty: "base" | "heads"): HistoryBound {
  if (text === "") return { kind: empty };
  if (text === "current" || text === "base" || text === "heads") return { kind: text };
  return { kind: "target", target: parseTarget(text) };
}

/**
 * The revisions in `range`, newest first in Alembic's order (see history-order.ts): those at or
 * below the upper bound (through depends_on, as Alembic does) and at or above the lower bound
 * (along down_revision).
 */
export function walkHistory(
  graph: RevisionGraph,
  range: HistoryRange | string,
  currentHeads: readonly string[],
): HistoryEntry[] {
  checkVersionRows(graph, currentHeads);
  if (typeof range === "string") range = parseHistoryRange(range);
  const upper = boundRevisions(graph, range.upper, currentHeads);
  let included: Set<string> = graph.ancestors(upper);
  if (range.lower.kind === "below") {
    included = within(graph, upper, range.lower.steps);
  } else {
    const lower = boundRevisions(graph, range.lower, currentHeads);
    for (const id of lower) if (!included.has(id)) throw new RangeNotAncestorError(id, upper);
    if (lower.length > 0) {
      const above = graph.descendants(lower, { includeDependencies: false });
      included = new Set([...included].filter((id) => above.has(id)));
    }
  }
  const rows = new Set(currentHeads);
  // Alembic starts its walk from the upper bound's revisions; for "heads", those nothing depends on.
  const starts = range.upper.kind === "heads" ? realHeads(graph) : upper;
  return historyOrder(graph, included, starts).map((id) => ({
    revision: graph.get(id),
    isHead: graph.isHead(id),
    isBase: graph.isBase(id),
    isBranchPoint: graph.isBranchPoint(id),
    isMergePoint: graph.isMergePoint(id),
    isCurrent: rows.has(id),
  }));
}

/** The heads that no revision depends on either (Alembic's `_real_heads`, what `heads` means to `walk_revisions`). */
function realHeads(graph: RevisionGraph): string[] {
  const dependedOn = new Set(graph.revisions.flatMap((r) => graph.dependenciesOf(r.id)));
  return graph.heads.filter((id) => !dependedOn.has(id));
}

function boundRevisions(graph: RevisionGraph, bound: HistoryBound, currentHeads: readonly string[]): readonly string[] {
  switch (bound.kind) {
    case "base":
      return [];
    case "heads":
      return graph.heads;
    case "current":
      return graph.sortTopologically(currentHeads);
    case "target":
      return resolveTargetRevisions(graph, currentHeads, bound.target);
    case "below":
      throw new Error("bug: a relative bound is only valid as the lower bound");
  }
}

/**
 * `starts` and every revision at most `steps` down_revision steps below one of them. A distance
 * rather than Alembic's walk, so merge points do not make `-3:` ambiguous, and base clamps it.
 */
function within(graph: RevisionGraph, starts: readonly string[], steps: number): Set<string> {
  const depth = new Map<string, number>(starts.map((id) => [id, 0]));
  let frontier = [...depth.keys()];
  for (let d = 1; d <= steps && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const p of graph.parentsOf(id)) {
        if (!depth.has(p)) {
          depth.set(p, d);
          next.push(p);
        }
      }
    }
    frontier = next;
  }
  return new Set(depth.keys());
}
