/**
 * A simulation of the version table while a plan is built: which rows change at each step.
 * It follows Alembic's `HeadMaintainer.update_to_step` (insert for a new branch, update along a
 * line, delete + update at a merge, insert + update on unmerge, delete when a branch goes away),
 * with the revision's "version parents" (down_revisions plus depends_on) as its parents.
 * Private to `core/`.
 */
import { UnknownRevisionError } from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import type { VersionChange } from "./version-change.ts";

/** Throws UnknownRevisionError (naming the version table) for a row that is not a revision. */
export function checkVersionRows(graph: RevisionGraph, rows: readonly string[]): void {
  for (const row of rows) if (!graph.has(row)) throw new UnknownRevisionError(row, "version-table", graph.size > 0);
}

/** The version table's rows plus what they imply, updated one step at a time. */
export class VersionTable {
  readonly #graph: RevisionGraph;
  readonly #rows: Set<string>;
  /**
   * The rows and everything below them, walked on first need and then kept up to date. A no-op
   * upgrade asks only about its rows, and walking 10,000 applied revisions cost it milliseconds.
   * Made before the rows first change, from the rows the table started with.
   */
  #applied: Set<string> | undefined;
  /**
   * For each applied revision, how many applied revisions name it as a version parent. Alembic
   * answers "is this parent still below another head?" with an ancestor walk per step, which is
   * quadratic over a long downgrade; a count answers it in constant time. Counted at the first
   * downgrade step: an upgrade never asks, and counting 10,000 applied revisions is most of the
   * planning of a no-op upgrade.
   */
  #appliedChildren: Map<string, number> | undefined;

  constructor(graph: RevisionGraph, rows: readonly string[]) {
    checkVersionRows(graph, rows);
    this.#graph = graph;
    this.#rows = new Set(rows);
  }

  /** Whether `id` is a row or lies below one. */
  isApplied(id: string): boolean {
    return this.#rows.has(id) || this.#appliedSet().has(id);
  }

  #appliedSet(): Set<string> {
    return (this.#applied ??= this.#graph.ancestors(this.#rows));
  }

  /** The rows, in topological order. */
  rows(): string[] {
    return this.#rows.size < 2 ? [...this.#rows] : this.#graph.sortTopologically(this.#rows);
  }

  /** Applies `id` (whose version parents are all applied) and returns the row changes. */
  upgrade(id: string): VersionChange[] {
    const applied = this.#appliedSet();
    const parents = this.#graph.versionParentsOf(id);
    // Only parents that are rows can be updated or deleted; Alembic's merge also picks parents
    // that are merely below a row, and then fails to delete them.
    const fromRows = parents.filter((p) => this.#rows.has(p));
    let changes: VersionChange[];
    if (fromRows.length === 0) {
      // A base, or a revision whose parents are covered by other rows: a new branch.
      changes = [{ op: "insert", revision: id }];
    } else {
      // Along a line this is a single update; at a merge the other parents' rows go away.
      changes = fromRows.slice(0, -1).map((p) => ({ op: "delete", revision: p }) as const);
      changes.push({ op: "update", from: fromRows.at(-1)!, to: id });
    }
    applied.add(id);
    this.#countParents(parents, 1);
    this.#apply(changes);
    return changes;
  }

  /** Removes `id` (which nothing applied depends on any more) and returns the row changes. */
  downgrade(id: string): VersionChange[] {
    if (!this.#rows.has(id)) throw new Error(`bug: downgrading "${id}", which is not a version table row`);
    const applied = this.#appliedSet();
    // Parents that nothing else applied sits on become rows again; the rest stay covered.
    const parents = this.#graph.versionParentsOf(id);
    const appliedChildren = this.#countAppliedChildren();
    const uncovered = parents.filter((p) => appliedChildren.get(p) === 1 && !this.#rows.has(p));
    let changes: VersionChange[];
    if (uncovered.length === 0) {
      // A base, or the last revision of a branch whose parent another head still covers.
      changes = [{ op: "delete", revision: id }];
    } else {
      // Unmerge: the other parents come back as rows first, then the row itself moves down.
      changes = uncovered.slice(0, -1).map((p) => ({ op: "insert", revision: p }) as const);
      changes.push({ op: "update", from: id, to: uncovered.at(-1)! });
    }
    applied.delete(id);
    this.#countParents(parents, -1);
    this.#apply(changes);
    return changes;
  }

  #countAppliedChildren(): Map<string, number> {
    if (this.#appliedChildren === undefined) {
      this.#appliedChildren = new Map();
      for (const id of this.#appliedSet()) this.#countParents(this.#graph.versionParentsOf(id), 1);
    }
    return this.#appliedChildren;
  }

  /** Counts `parents` as having one applied child more (or less); nothing before the first count. */
  #countParents(parents: readonly string[], delta: number): void {
    const counts = this.#appliedChildren;
    if (counts === undefined) return;
    for (const p of parents) counts.set(p, (counts.get(p) ?? 0) + delta);
  }

  #apply(changes: readonly VersionChange[]): void {
    for (const change of changes) {
      if (change.op === "insert") this.#rows.add(change.revision);
      else if (change.op === "delete") this.#rows.delete(change.revision);
      else {
        this.#rows.delete(change.from);
        this.#rows.add(change.to);
      }
    }
  }
}
