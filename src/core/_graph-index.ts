/**
 * Validation and indexing behind `RevisionGraph.from`: every check that can reject a set of
 * revision files, and the adjacency lists the queries need. Private to `core/`.
 *
 * Revisions are numbered by their place in the list the graph is built from (their slot), and the
 * edges between them are packed arrays of slots: with 10,000 revisions, a map per relation keyed
 * by id cost a no-op run tens of milliseconds before the first query could be planned.
 */
import {
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidBranchLabelError,
  InvalidRevisionIdError,
  MissingParentError,
  RevisionCycleError,
  SelfLoopError,
} from "./errors.ts";
import { branchLabelProblem, revisionIdProblem } from "./ident.ts";
import type { Revision } from "./revision.ts";

/**
 * Adjacency lists by slot, packed: the list of slot `s` is `targets[start[s]]` up to (not
 * including) `targets[end[s]]`.
 */
export class Edges {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly targets: Int32Array;

  constructor(start: Int32Array, end: Int32Array, targets: Int32Array) {
    this.start = start;
    this.end = end;
    this.targets = targets;
  }

  /** Lists given as one array per slot. */
  static of(lists: readonly (readonly number[])[]): Edges {
    const start = new Int32Array(lists.length);
    const end = new Int32Array(lists.length);
    let total = 0;
    for (const list of lists) total += list.length;
    const targets = new Int32Array(total);
    let k = 0;
    for (let s = 0; s < lists.length; s++) {
      start[s] = k;
      for (const t of lists[s]!) targets[k++] = t;
      end[s] = k;
    }
    return new Edges(start, end, targets);
  }

  count(s: number): number {
    return this.end[s]! - this.start[s]!;
  }

  /**
   * The reverse edges; each list follows `visit` (every slot once; slot order when absent), so
   * visiting in topological order gives lists sorted by position.
   */
  reversed(visit?: ArrayLike<number>): Edges {
    const n = this.start.length;
    const counts = new Int32Array(n);
    for (let s = 0; s < n; s++) for (let j = this.start[s]!; j < this.end[s]!; j++) counts[this.targets[j]!]!++;
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    let k = 0;
    for (let s = 0; s < n; s++) {
      start[s] = k;
      end[s] = k;
      k += counts[s]!;
    }
    const targets = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const s = visit === undefined ? i : visit[i]!;
      for (let j = this.start[s]!; j < this.end[s]!; j++) targets[end[this.targets[j]!]!++] = s;
    }
    return new Edges(start, end, targets);
  }
}

/** The validated, indexed form of a revision set. */
export interface GraphIndex {
  /** The revisions as given (the files' order, Alembic's map order); a revision's index is its slot. */
  readonly revisions: readonly Revision[];
  /** Slot of each id. */
  readonly slot: ReadonlyMap<string, number>;
  /** Slots in topological order, bases first; parents and dependencies always precede a revision. */
  readonly order: Int32Array;
  /** Index in `order` of each slot. */
  readonly position: Int32Array;
  /** Ids sorted by code unit, for prefix lookups by binary search. */
  readonly sortedIds: readonly string[];
  /** Branch label → id of the revision that carries it. */
  readonly labels: ReadonlyMap<string, string>;
  /** down_revision deduplicated, by slot. */
  readonly parents: readonly (readonly string[])[];
  /** depends_on resolved to ids, without those already in down_revision, by slot. */
  readonly dependencies: readonly (readonly string[])[];
  /** Alembic's `_normalized_down_revisions`: parents plus the dependencies not implied by them, by slot. */
  readonly versionParents: readonly (readonly string[])[];
  /** `parents` as slots. */
  readonly parentEdges: Edges;
  /** `versionParents` as slots. */
  readonly versionParentEdges: Edges;
  /** Reverse of `parentEdges`, each list in topological order. */
  readonly children: Edges;
  /** Reverse of `versionParentEdges`, each list in topological order. */
  readonly versionChildren: Edges;
}

const EMPTY: readonly string[] = Object.freeze([]);

/** Validates `revisions` and indexes them; throws the first problem found, in input order. */
export function buildGraphIndex(revisions: readonly Revision[]): GraphIndex {
  const n = revisions.length;
  const slot = new Map<string, number>();
  for (let s = 0; s < n; s++) {
    const rev = revisions[s]!;
    const seen = slot.get(rev.id);
    if (seen !== undefined) throw new DuplicateRevisionError(rev.id, [revisions[seen]!.source, rev.source]);
    const problem = revisionIdProblem(rev.id);
    if (problem) throw new InvalidRevisionIdError(rev.id, rev.source, problem);
    slot.set(rev.id, s);
  }
  const labels = indexLabels(revisions, slot);
  const parents: (readonly string[])[] = new Array(n);
  const dependencies: (readonly string[])[] = new Array(n);
  // Every edge a revision waits on (its parents, then its dependencies), as slots.
  const upStart = new Int32Array(n);
  const upEnd = new Int32Array(n);
  const parentEnd = new Int32Array(n);
  let most = 0;
  for (const rev of revisions) most += rev.downRevisions.length + rev.dependsOn.length;
  const up = new Int32Array(most);
  let k = 0;
  let anyDependencies = false;
  for (let s = 0; s < n; s++) {
    const rev = revisions[s]!;
    const down = unique(rev.downRevisions);
    upStart[s] = k;
    for (const p of down) {
      if (p === rev.id) throw new SelfLoopError(rev.id, rev.source, "down_revision");
      const ps = slot.get(p);
      if (ps === undefined) throw new MissingParentError(rev.id, rev.source, p, "down_revision");
      up[k++] = ps;
    }
    parentEnd[s] = k;
    const deps: string[] = rev.dependsOn.length === 0 ? (EMPTY as string[]) : [];
    for (const name of rev.dependsOn) {
      const id = slot.has(name) ? name : labels.get(name);
      if (id === rev.id) throw new SelfLoopError(rev.id, rev.source, "depends_on");
      if (id === undefined) throw new MissingParentError(rev.id, rev.source, name, "depends_on");
      if (!down.includes(id) && !deps.includes(id)) {
        deps.push(id);
        up[k++] = slot.get(id)!;
      }
    }
    upEnd[s] = k;
    if (deps.length > 0) anyDependencies = true;
    parents[s] = down;
    dependencies[s] = deps;
  }
  const targets = up.subarray(0, k);
  const upEdges = new Edges(upStart, upEnd, targets);
  const order = topologicalOrder(revisions, upEdges);
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[order[i]!] = i;
  const parentEdges = anyDependencies ? new Edges(upStart, parentEnd, targets) : upEdges;
  const children = parentEdges.reversed(order);
  // Without depends_on anywhere, the version parents are the parents and the reverse edges agree.
  let versionParents: readonly (readonly string[])[] = parents;
  let versionParentEdges = parentEdges;
  let versionChildren = children;
  if (anyDependencies) {
    const normalized = normalizedDownRevisions(revisions, parents, dependencies, upEdges, position, slot);
    versionParents = normalized;
    versionParentEdges = Edges.of(normalized.map((ids) => ids.map((id) => slot.get(id)!)));
    versionChildren = versionParentEdges.reversed(order);
  }
  // Built on first use: most commands never look up a prefix, and sorting 10,000 ids costs a no-op
  // run several milliseconds.
  let sortedIds: string[] | undefined;
  return {
    revisions,
    slot,
    order,
    position,
    get sortedIds() {
      return (sortedIds ??= revisions.map((rev) => rev.id).sort());
    },
    labels,
    parents,
    dependencies,
    versionParents,
    parentEdges,
    versionParentEdges,
    children,
    versionChildren,
  };
}

function unique(ids: readonly string[]): readonly string[] {
  return ids.length < 2 ? ids : [...new Set(ids)];
}

function indexLabels(revisions: readonly Revision[], slot: ReadonlyMap<string, number>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const rev of revisions) {
    for (const label of rev.branchLabels) {
      const problem = branchLabelProblem(label);
      if (problem) throw new InvalidBranchLabelError(label, rev.source, problem);
      // Alembic keeps labels and ids in one namespace, so a label equal to an id is a clash too.
      const other = labels.get(label) ?? (slot.has(label) ? label : undefined);
      if (other !== undefined && other !== rev.id) {
        const otherSource = revisions[slot.get(other)!]!.source;
        throw new DuplicateBranchLabelError(label, [other, rev.id], [otherSource, rev.source]);
      }
      labels.set(label, rev.id);
    }
  }
  return labels;
}

/**
 * Kahn's algorithm with a stack instead of a queue, so each branch comes out as one contiguous
 * run (like Alembic's walk), and with children sorted by id, so the order does not depend on the
 * order the files were listed in. Returns slots.
 */
function topologicalOrder(revisions: readonly Revision[], up: Edges): Int32Array {
  const n = revisions.length;
  const byId = (a: number, b: number): number => compareIds(revisions[a]!.id, revisions[b]!.id);
  const pending = new Int32Array(n);
  const roots: number[] = [];
  for (let s = 0; s < n; s++) {
    pending[s] = up.count(s);
    if (pending[s] === 0) roots.push(s);
  }
  // The order slots are visited in does not matter here: each list is sorted by id below.
  const next = up.reversed();
  for (let s = 0; s < n; s++) {
    if (next.count(s) > 1) next.targets.subarray(next.start[s]!, next.end[s]!).set([...next.targets.subarray(next.start[s]!, next.end[s]!)].sort(byId));
  }
  const stack = roots.sort(byId).reverse();
  const order = new Int32Array(n);
  let emitted = 0;
  while (stack.length > 0) {
    const s = stack.pop()!;
    order[emitted++] = s;
    // Children that became ready, pushed in reverse so the smallest id is taken first.
    const mark = stack.length;
    for (let j = next.start[s]!; j < next.end[s]!; j++) {
      const child = next.targets[j]!;
      if (--pending[child]! === 0) stack.push(child);
    }
    reverseFrom(stack, mark);
  }
  if (emitted < n) throw cycleError(revisions, up, pending);
  return order;
}

/** Reverses `list` from index `from` to its end, in place. */
function reverseFrom(list: number[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every revision Kahn's algorithm could not emit still waits on another such revision, so following
 * those edges from any of them must come back round: that loop is the cycle to report.
 */
function cycleError(revisions: readonly Revision[], up: Edges, pending: Int32Array): RevisionCycleError {
  const stuck = (s: number): boolean => pending[s]! > 0;
  let current = revisions.map((_, s) => s).filter(stuck).sort((a, b) => compareIds(revisions[a]!.id, revisions[b]!.id))[0]!;
  const path: number[] = [];
  const seenAt = new Map<number, number>();
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = [...up.targets.subarray(up.start[current]!, up.end[current]!)].find(stuck)!;
  }
  const cycle = path.slice(seenAt.get(current)).map((s) => revisions[s]!);
  const ids = cycle.map((rev) => rev.id);
  const start = ids.indexOf([...ids].sort()[0]!);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return new RevisionCycleError(rotated.map((rev) => rev.id), rotated.map((rev) => rev.source));
}

/**
 * Parents plus the dependencies that no other parent or dependency already implies. Alembic
 * drops only dependencies that an ancestor also declared; dropping every implied one gives the same
 * version-table rows (an implied revision is never a row while the implying one is applied) with
 * fewer edges to reason about.
 */
function normalizedDownRevisions(
  revisions: readonly Revision[],
  parents: readonly (readonly string[])[],
  dependencies: readonly (readonly string[])[],
  up: Edges,
  position: Int32Array,
  slot: ReadonlyMap<string, number>,
): (readonly string[])[] {
  return revisions.map((_, s) => {
    const down = parents[s]!;
    const deps = dependencies[s]!;
    if (deps.length === 0) return down;
    const all = [...down, ...deps].map((id) => slot.get(id)!);
    const kept = deps.filter((d) => {
      const target = slot.get(d)!;
      return !reachesDown(all.filter((x) => x !== target), target, up, position);
    });
    return [...down, ...kept];
  });
}

/**
 * Whether slot `target` is an ancestor of (or one of) `starts` along `edges`. Ancestors sit earlier
 * in the topological order, so the search never needs to go below `target`'s position: that keeps
 * it near-linear.
 */
export function reachesDown(starts: readonly number[], target: number, edges: Edges, position: Int32Array): boolean {
  const floor = position[target]!;
  const seen = new Set<number>();
  const todo = starts.filter((s) => position[s]! >= floor);
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (s === target) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    for (let j = edges.start[s]!; j < edges.end[s]!; j++) {
      const p = edges.targets[j]!;
      if (position[p]! >= floor && !seen.has(p)) todo.push(p);
    }
  }
  return false;
}
