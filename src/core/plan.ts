/**
 * The pure planner: current version-table rows + a target → the ordered steps to run, each with
 * the version-table changes that record it. Nothing here touches a database.
 */
import { TargetNotAppliedError } from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import type { Revision } from "./revision.ts";
import { parseTarget, resolveDowngradeTarget, resolveUpgradeTarget } from "./target.ts";
import type { VersionChange } from "./version-change.ts";
import { VersionTable } from "./_version-table.ts";

// A step's shape includes its version-table changes, so the planner offers their type too.
export type { VersionChange } from "./version-change.ts";

/** One revision to run, and how the version table records it. */
export interface Step {
  readonly revision: Revision;
  readonly direction: "upgrade" | "downgrade";
  readonly versionChanges: readonly VersionChange[];
  /** The version-table rows once this step is recorded, in topological order. */
  readonly headsAfter: readonly string[];
}

/** An ordered list of steps; empty when the database is already where the target says. */
export interface Plan {
  readonly direction: "upgrade" | "downgrade";
  readonly steps: readonly Step[];
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
}

/**
 * Plans `upgrade <target>` from the version-table rows `currentHeads`: every revision below the
 * target (through depends_on too) that is not applied yet, parents and dependencies first.
 */
export function planUpgrade(graph: RevisionGraph, currentHeads: readonly string[], target: string): Plan {
  const parsed = parseTarget(target);
  const table = new VersionTable(graph, currentHeads);
  const headsBefore = table.rows();
  const targets = resolveUpgradeTarget(graph, currentHeads, parsed);
  const needed = unappliedAncestors(graph, table, targets);
  const steps = graph.sortTopologically(needed).map((id) => {
    const versionChanges = table.upgrade(id);
    return { revision: graph.get(id), direction: "upgrade" as const, versionChanges, headsAfter: table.rows() };
  });
  return { direction: "upgrade", steps, headsBefore, headsAfter: table.rows() };
}

/**
 * Plans `downgrade <target>` from the version-table rows `currentHeads`: the applied revisions
 * above the target (including those that depend on it), newest first.
 */
export function planDowngrade(graph: RevisionGraph, currentHeads: readonly string[], target: string): Plan {
  const parsed = parseTarget(target);
  const table = new VersionTable(graph, currentHeads);
  const headsBefore = table.rows();
  const { roots, revisions } = resolveDowngradeTarget(graph, currentHeads, parsed);
  const missing = revisions.find((id) => !table.isApplied(id));
  if (missing !== undefined) throw new TargetNotAppliedError(target, missing, headsBefore);
  const removed = appliedAbove(graph, table, roots);
  const steps = graph
    .sortTopologically(removed)
    .reverse()
    .map((id) => {
      const versionChanges = table.downgrade(id);
      return { revision: graph.get(id), direction: "downgrade" as const, versionChanges, headsAfter: table.rows() };
    });
  return { direction: "downgrade", steps, headsBefore, headsAfter: table.rows() };
}

/**
 * `targets` and every revision below them (through depends_on too) that is not applied. The walk
 * stops at applied revisions, since everything below one is applied too: a no-op upgrade of a
 * long history looks at the heads only.
 */
function unappliedAncestors(graph: RevisionGraph, table: VersionTable, targets: readonly string[]): string[] {
  const found = new Set<string>();
  const todo = targets.filter((id) => !table.isApplied(id));
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    for (const parent of graph.versionParentsOf(id)) if (!found.has(parent) && !table.isApplied(parent)) todo.push(parent);
  }
  return [...found];
}

/** `roots` and everything above them (through depends_on too) that is applied. */
function appliedAbove(graph: RevisionGraph, table: VersionTable, roots: readonly string[]): Set<string> {
  const found = new Set<string>();
  // Applied revisions are closed downwards, so an unapplied one has nothing applied above it.
  const todo = roots.filter((id) => table.isApplied(id));
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    for (const child of graph.childrenOf(id, { includeDependencies: true })) {
      if (table.isApplied(child) && !found.has(child)) todo.push(child);
    }
  }
  return found;
}

/**
 * The version-table changes that take the rows from `before` to `after` directly. Inside one
 * transaction the intermediate rows are never seen by anyone, and updating the same row once
 * per step leaves a chain of dead row versions that every later update has to walk.
 */
export function netVersionChanges(before: readonly string[], after: readonly string[]): VersionChange[] {
  const removed = before.filter((r) => !after.includes(r)).sort();
  const added = after.filter((r) => !before.includes(r)).sort();
  const changes: VersionChange[] = [];
  const pairs = Math.min(removed.length, added.length);
  for (let i = 0; i < pairs; i++) changes.push({ op: "update", from: removed[i]!, to: added[i]! });
  for (const r of removed.slice(pairs)) changes.push({ op: "delete", revision: r });
  for (const r of added.slice(pairs)) changes.push({ op: "insert", revision: r });
  return changes;
}
