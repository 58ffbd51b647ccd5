/**
 * The revision graph: Alembic's RevisionMap without the I/O. Built once from parsed revision
 * files, then queried by targets, plans and history. Every traversal is iterative, so a long
 * linear history cannot overflow the stack.
 */
import { AmbiguousRevisionError, UnknownRevisionError } from "./errors.ts";
import { effectiveBranchLabels } from "./branch-labels.ts";
import { buildGraphIndex, reachesDown, type Edges, type GraphIndex } from "./_graph-index.ts";
import type { Revision } from "./revision.ts";

/** Which edges a traversal follows. */
export interface EdgeOptions {
  /**
   * Follow depends_on as well as down_revision. Defaults to true for ancestors, descendants and
   * isAncestor (as Alembic's walks do) and to false for childrenOf (Alembic's `nextrev`).
   */
  readonly includeDependencies?: boolean;
}

const EMPTY: readonly string[] = Object.freeze([]);
const MIN_PREFIX = 4;

/** A validated set of revisions with the queries the rest of retort needs. */
export class RevisionGraph {
  readonly #index: GraphIndex;
  /** Branch labels as Alembic shows them, worked out on first use. */
  #effectiveLabels: Map<string, string[]> | undefined;
  /** Every revision in topological order: bases first, each after its parents and dependencies. */
  readonly revisions: readonly Revision[];
  /** Revisions no down_revision points to, in topological order (depends_on does not count). */
  readonly heads: readonly string[];
  /** Revisions without a down_revision, in topological order. */
  readonly bases: readonly string[];

  private constructor(index: GraphIndex) {
    this.#index = index;
    const revisions: Revision[] = [];
    const heads: string[] = [];
    const bases: string[] = [];
    for (const s of index.order) {
      const rev = index.revisions[s]!;
      revisions.push(rev);
      if (index.children.count(s) === 0) heads.push(rev.id);
      if (index.parents[s]!.length === 0) bases.push(rev.id);
    }
    this.revisions = revisions;
    this.heads = heads;
    this.bases = bases;
  }

  /** Validates `revisions` (ids, labels, parents, cycles) and builds the graph. */
  static from(revisions: readonly Revision[]): RevisionGraph {
    return new RevisionGraph(buildGraphIndex(revisions));
  }

  /** Number of revisions. */
  get size(): number {
    return this.#index.order.length;
  }

  /** Whether `id` is the full id of a revision. */
  has(id: string): boolean {
    return this.#index.slot.has(id);
  }

  /** The revision with full id `id`; throws UnknownRevisionError otherwise. */
  get(id: string): Revision {
    return this.#index.revisions[this.#slotOf(id)]!;
  }

  /** The id of the revision carrying branch label `label`, if any. */
  labelled(label: string): string | undefined {
    return this.#index.labels.get(label);
  }

  /**
   * The full id `ident` names: a full id, a branch label (the revision that carries it), or a
   * unique prefix of at least 4 characters.
   */
  resolve(ident: string): string {
    if (this.#index.slot.has(ident)) return ident;
    const labelled = this.#index.labels.get(ident);
    if (labelled !== undefined) return labelled;
    if (ident.length < MIN_PREFIX) throw new UnknownRevisionError(ident);
    const matches = this.#prefixMatches(ident);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new UnknownRevisionError(ident);
    throw new AmbiguousRevisionError(ident, this.sortTopologically(matches));
  }

  /** Binary search for the first id >= prefix, then scan the (contiguous) run that starts with it. */
  #prefixMatches(prefix: string): string[] {
    const ids = this.#index.sortedIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const matches: string[] = [];
    for (let i = lo; i < ids.length && ids[i]!.startsWith(prefix); i++) matches.push(ids[i]!);
    return matches;
  }

  /** The labels Alembic shows for `id`: its own, then those inherited along its line (see branch-labels.ts). */
  effectiveBranchLabelsOf(id: string): readonly string[] {
    this.#effectiveLabels ??= effectiveBranchLabels(this);
    this.#slotOf(id); // an unknown id is an error, not a revision without labels
    return this.#effectiveLabels.get(id) ?? EMPTY;
  }

  /** The down_revisions of `id`. */
  parentsOf(id: string): readonly string[] {
    return this.#index.parents[this.#slotOf(id)]!;
  }

  /** The depends_on of `id`, resolved to ids (labels replaced by the revisions that carry them). */
  dependenciesOf(id: string): readonly string[] {
    return this.#index.dependencies[this.#slotOf(id)]!;
  }

  /**
   * The revisions the version table treats as the parents of `id`: its down_revisions plus the
   * dependencies they do not already imply (Alembic's `_normalized_down_revisions`).
   */
  versionParentsOf(id: string): readonly string[] {
    return this.#index.versionParents[this.#slotOf(id)]!;
  }

  /** Revisions whose down_revision is `id` (or, with includeDependencies, that depend on it). */
  childrenOf(id: string, options: EdgeOptions = {}): readonly string[] {
    const edges = options.includeDependencies ? this.#index.versionChildren : this.#index.children;
    const s = this.#slotOf(id);
    if (edges.count(s) === 0) return EMPTY;
    const ids: string[] = [];
    for (let j = edges.start[s]!; j < edges.end[s]!; j++) ids.push(this.#index.revisions[edges.targets[j]!]!.id);
    return ids;
  }

  /** Whether no down_revision points to `id`. */
  isHead(id: string): boolean {
    return this.#index.children.count(this.#slotOf(id)) === 0;
  }

  /** Whether `id` has no down_revision. */
  isBase(id: string): boolean {
    return this.parentsOf(id).length === 0;
  }

  /** Whether several revisions have `id` as their down_revision. */
  isBranchPoint(id: string): boolean {
    return this.#index.children.count(this.#slotOf(id)) > 1;
  }

  /** Whether `id` has several down_revisions. */
  isMergePoint(id: string): boolean {
    return this.parentsOf(id).length > 1;
  }

  /** `ids` and every revision below them. */
  ancestors(ids: Iterable<string>, options: EdgeOptions = {}): Set<string> {
    const edges = options.includeDependencies === false ? this.#index.parentEdges : this.#index.versionParentEdges;
    return this.#closure(ids, edges);
  }

  /** `ids` and every revision above them. */
  descendants(ids: Iterable<string>, options: EdgeOptions = {}): Set<string> {
    const edges = options.includeDependencies === false ? this.#index.children : this.#index.versionChildren;
    return this.#closure(ids, edges);
  }

  #closure(ids: Iterable<string>, edges: Edges): Set<string> {
    const { revisions } = this.#index;
    const seen = new Uint8Array(revisions.length);
    const found = new Set<string>();
    const todo = [...ids].map((id) => this.#slotOf(id));
    while (todo.length > 0) {
      const s = todo.pop()!;
      if (seen[s]) continue;
      seen[s] = 1;
      found.add(revisions[s]!.id);
      for (let j = edges.start[s]!; j < edges.end[s]!; j++) if (!seen[edges.targets[j]!]) todo.push(edges.targets[j]!);
    }
    return found;
  }

  /** Whether `ancestor` is `id` or lies below it. */
  isAncestor(ancestor: string, id: string, options: EdgeOptions = {}): boolean {
    const edges = options.includeDependencies === false ? this.#index.parentEdges : this.#index.versionParentEdges;
    return reachesDown([this.#slotOf(id)], this.#slotOf(ancestor), edges, this.#index.position);
  }

  /** Whether one of `a` and `b` is an ancestor of the other along down_revision (Alembic's lineage). */
  sharesLineage(a: string, b: string): boolean {
    const opts = { includeDependencies: false };
    return this.positionOf(a) <= this.positionOf(b) ? this.isAncestor(a, b, opts) : this.isAncestor(b, a, opts);
  }

  /**
   * `ids` without those below another of them (through depends_on too), in topological order: the
   * version-table rows for them, since a row implies everything below it.
   */
  withoutImplied(ids: Iterable<string>): string[] {
    const sorted = this.sortTopologically(ids);
    if (sorted.length < 2) return sorted;
    const below = this.ancestors(sorted.flatMap((id) => this.versionParentsOf(id)));
    return sorted.filter((id) => !below.has(id));
  }

  /** Two of `ids` where the first lies below the second (through depends_on too), if there are any. */
  findAncestorPair(ids: Iterable<string>): [ancestor: string, descendant: string] | undefined {
    const sorted = this.sortTopologically(ids);
    if (sorted.length < 2) return undefined;
    // One walk finds every id below another; only the error path walks again to name which one.
    const below = this.ancestors(sorted.flatMap((id) => this.versionParentsOf(id)));
    const ancestor = sorted.find((id) => below.has(id));
    if (ancestor === undefined) return undefined;
    return [ancestor, sorted.find((id) => id !== ancestor && this.isAncestor(ancestor, id))!];
  }

  /** Index of `id` in the list the graph was built from (`RevisionGraph.from`'s argument). */
  listIndexOf(id: string): number {
    return this.#slotOf(id);
  }

  /** Index of `id` in `revisions`. */
  positionOf(id: string): number {
    return this.#index.position[this.#slotOf(id)]!;
  }

  /** `ids` in the order of `revisions`, bases first; duplicates are dropped. */
  sortTopologically(ids: Iterable<string>): string[] {
    const positions: number[] = [];
    for (const id of ids) positions.push(this.positionOf(id));
    // A typed array sorts numerically, without a comparator call per comparison.
    const sorted = Float64Array.from(positions).sort();
    const result: string[] = [];
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) result.push(this.revisions[sorted[i]!]!.id);
    return result;
  }

  /** `ids` in the order the revisions were given (the files' order), as Alembic's RevisionMap keeps them. */
  sortByListing(ids: Iterable<string>): string[] {
    // A revision's slot is its place in that order.
    const slots = Int32Array.from(new Set(ids), (id) => this.#slotOf(id)).sort();
    return Array.from(slots, (s) => this.#index.revisions[s]!.id);
  }

  /** The slot of `id` in the index; throws UnknownRevisionError for an id the graph does not have. */
  #slotOf(id: string): number {
    const s = this.#index.slot.get(id);
    if (s === undefined) throw new UnknownRevisionError(id);
    return s;
  }
}
