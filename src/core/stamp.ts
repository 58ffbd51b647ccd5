/**
 * `retort stamp`: the version-table changes that record the database at the given revisions
 * without running any of them. It follows Alembic's `ScriptDirectory._stamp_revs`: each target
 * replaces the current rows on its line (its ancestors and descendants, through depends_on), by an
 * update when there is such a row and by an insert otherwise; rows on other lines stay.
 */
import { MissingTargetError, OverlappingTargetsError, TargetNotAllowedError } from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import type { VersionChange } from "./version-change.ts";
import { parseTarget, resolveDowngradeTarget, resolveTargetRevisions, type Target } from "./target.ts";
import { checkVersionRows } from "./_version-table.ts";

/** How to stamp. */
export interface StampOptions {
  /** Empty the table first, without checking its rows against the revisions (Alembic's --purge). */
  readonly purge: boolean;
}

/** The version-table rows before and after, and the changes that lead from one to the other. */
export interface StampPlan {
  /** The rows before, in topological order (with purge: as given, since they may be unknown). */
  readonly headsBefore: readonly string[];
  /** Deletes first, then updates, then inserts; empty when the table already says this. */
  readonly changes: readonly VersionChange[];
  /** The rows after, in topological order. */
  readonly headsAfter: readonly string[];
}

/** Revisions a target names, and the branch (`label@…`) that limits which rows it replaces. */
interface NamedTarget {
  readonly ids: readonly string[];
  readonly branch: string | undefined;
}

/** A target naming no revision (`base`, `label@base`): clear the line above `root`, or every row (null). */
type ClearedLine = string | null;

/** Plans `stamp <targets…>` from the version-table rows `currentHeads`. */
export function planStamp(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  targets: readonly string[],
  opts: StampOptions,
): StampPlan {
  if (targets.length === 0) throw new MissingTargetError("stamp");
  const parsed = targets.map((t) => parseTarget(t));
  if (opts.purge) return planPurge(graph, currentHeads, parsed);
  checkVersionRows(graph, currentHeads);
  const before = graph.sortTopologically(currentHeads);
  const { named, cleared } = resolveStampTargets(graph, before, parsed);
  let rows = new Set(before);
  for (const root of cleared) rows = clearLine(graph, rows, root);
  const replaced = new Set<string>();
  for (const { ids, branch } of named) {
    const line = lineOf(graph, ids, true);
    // `label@rev` replaces rows on that branch only, so `feature@-1` leaves the other branches alone.
    const onBranch = branch === undefined ? undefined : lineOf(graph, [branch], false);
    for (const row of rows) if (line.has(row) && (onBranch === undefined || onBranch.has(row))) replaced.add(row);
  }
  const kept = [...rows].filter((row) => !replaced.has(row));
  // A kept row may still imply a target (a trunk revision below another branch's row): drop what
  // is implied, as the version table never holds a row below another.
  const after = graph.withoutImplied([...kept, ...named.flatMap((n) => n.ids)]);
  return { headsBefore: before, changes: rowChanges(graph, before, after), headsAfter: after };
}

/**
 * `--purge`: whatever the table holds goes, and the targets are inserted. The rows may name
 * revisions this checkout does not have (that is what --purge is for), so they are not resolved,
 * and relative steps, which count from them, are refused.
 */
function planPurge(graph: RevisionGraph, currentHeads: readonly string[], parsed: readonly Target[]): StampPlan {
  const relative = parsed.find((t) => t.kind === "relative" && t.from === undefined);
  if (relative) throw new TargetNotAllowedError(relative.text, "relative-with-purge");
  const before = [...new Set(currentHeads)];
  const after = graph.withoutImplied(resolveStampTargets(graph, [], parsed).named.flatMap((n) => n.ids));
  const had = new Set(before);
  const keep = new Set(after);
  const changes: VersionChange[] = [
    ...before.filter((row) => !keep.has(row)).map((revision) => ({ op: "delete", revision }) as const),
    ...after.filter((id) => !had.has(id)).map((revision) => ({ op: "insert", revision }) as const),
  ];
  return { headsBefore: before, changes, headsAfter: after };
}

/** Resolves every target; refuses two on one line, where one would be a row below the other. */
function resolveStampTargets(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  parsed: readonly Target[],
): { named: NamedTarget[]; cleared: ClearedLine[] } {
  const named: NamedTarget[] = [];
  const cleared: ClearedLine[] = [];
  for (const t of parsed) {
    const branch = t.branch === undefined ? undefined : graph.resolve(t.branch);
    const ids = t.kind === "base" ? [] : resolveTargetRevisions(graph, currentHeads, t);
    if (ids.length > 0) {
      // `heads` may include a head that another head depends on; its row would be implied.
      named.push({ ids: graph.withoutImplied(ids), branch });
    } else if (t.kind === "relative") {
      // A step down that walks off a root clears that root's line: the lowest revision walked past.
      cleared.push(resolveDowngradeTarget(graph, currentHeads, t).roots[0]!);
    } else {
      cleared.push(branch ?? null);
    }
  }
  const pair = graph.findAncestorPair(named.flatMap((n) => n.ids));
  if (pair) throw new OverlappingTargetsError("stamp", pair[0], pair[1]);
  return { named, cleared };
}

/**
 * The rows once `root` and everything above it (through depends_on) is no longer applied: the
 * rows above it go, and the newest revisions below them that no other row implies come back, so
 * `label@base` keeps a trunk shared with other branches recorded. Null clears every row.
 */
function clearLine(graph: RevisionGraph, rows: ReadonlySet<string>, root: string | null): Set<string> {
  if (root === null) return new Set();
  const above = graph.descendants([root]);
  const cleared = [...rows].filter((row) => above.has(row));
  if (cleared.length === 0) return new Set(rows);
  const others = [...rows].filter((row) => !above.has(row));
  const implied = graph.ancestors(others);
  const remaining = [...graph.ancestors(cleared)].filter((id) => !above.has(id) && !implied.has(id));
  return new Set([...others, ...graph.withoutImplied(remaining)]);
}

/** `ids` with their ancestors and descendants (Alembic's lineage), through depends_on or not. */
function lineOf(graph: RevisionGraph, ids: readonly string[], includeDependencies: boolean): Set<string> {
  const line = graph.ancestors(ids, { includeDependencies });
  for (const id of graph.descendants(ids, { includeDependencies })) line.add(id);
  return line;
}

/**
 * The changes from rows `before` to rows `after`. A new row takes over a vanishing row on its line
 * (an update, as Alembic's StampStep does); the newest such row is picked so that the order is
 * deterministic. New rows with none become inserts, and vanishing rows left over are deleted.
 */
function rowChanges(graph: RevisionGraph, before: readonly string[], after: readonly string[]): VersionChange[] {
  const had = new Set(before);
  const keep = new Set(after);
  const gone = before.filter((row) => !keep.has(row));
  const updates: VersionChange[] = [];
  const inserts: VersionChange[] = [];
  for (const id of after) {
    if (had.has(id)) continue;
    const i = gone.findLastIndex((row) => graph.isAncestor(row, id) || graph.isAncestor(id, row));
    if (i < 0) inserts.push({ op: "insert", revision: id });
    else updates.push({ op: "update", from: gone.splice(i, 1)[0]!, to: id });
  }
  return [...gone.map((revision) => ({ op: "delete", revision }) as const), ...updates, ...inserts];
}
