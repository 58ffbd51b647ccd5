/**
 * Validation and indexing behind `RevisionGraph.from`: every check that can reject a set of
 * revision files, and the adjacency lists the queries need. Private to `core/`.
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

/** The validated, indexed form of a revision set. All id lists are in topological order. */
export interface GraphIndex {
  readonly byId: ReadonlyMap<string, Revision>;
  /** Topological order, bases first; parents and dependencies always precede a revision. */
  readonly order: readonly string[];
  readonly position: ReadonlyMap<string, number>;
  /** Index of each revision in the list it was built from (the files' order, Alembic's map order). */
  readonly listed: ReadonlyMap<string, number>;
  /** Ids sorted by code unit, for prefix lookups by binary search. */
  readonly sortedIds: readonly string[];
  /** Branch label → id of the revision that carries it. */
  readonly labels: ReadonlyMap<string, string>;
  /** down_revision, deduplicated. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** depends_on resolved to ids, without those already in down_revision. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Alembic's `_normalized_down_revisions`: parents plus the dependencies not implied by them. */
  readonly versionParents: ReadonlyMap<string, readonly string[]>;
  /** Reverse of `parents`. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Reverse of `versionParents`. */
  readonly versionChildren: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: readonly string[] = Object.freeze([]);

/** Validates `revisions` and indexes them; throws the first problem found, in input order. */
export function buildGraphIndex(revisions: readonly Revision[]): GraphIndex {
  const byId = new Map<string, Revision>();
  for (const rev of revisions) {
    const seen = byId.get(rev.id);
    if (seen) throw new DuplicateRevisionError(rev.id, [seen.source, rev.source]);
    const problem = revisionIdProblem(rev.id);
    if (problem) throw new InvalidRevisionIdError(rev.id, rev.source, problem);
    byId.set(rev.id, rev);
  }
  const labels = indexLabels(revisions, byId);
  const parents = new Map<string, readonly string[]>();
  const dependencies = new Map<string, readonly string[]>();
  for (const rev of revisions) {
    const down = unique(rev.downRevisions);
    for (const p of down) {
      if (p === rev.id) throw new SelfLoopError(rev.id, rev.source, "down_revision");
      if (!byId.has(p)) throw new MissingParentError(rev.id, rev.source, p, "down_revision");
    }
    const deps: string[] = rev.dependsOn.length === 0 ? (EMPTY as string[]) : [];
    for (const name of rev.dependsOn) {
      const id = byId.has(name) ? name : labels.get(name);
      if (id === rev.id) throw new SelfLoopError(rev.id, rev.source, "depends_on");
      if (id === undefined) throw new MissingParentError(rev.id, rev.source, name, "depends_on");
      if (!down.includes(id) && !deps.includes(id)) deps.push(id);
    }
    parents.set(rev.id, down);
    dependencies.set(rev.id, deps);
  }
  const order = topologicalOrder(byId, parents, dependencies);
  const position = new Map<string, number>();
  for (let i = 0; i < order.length; i++) position.set(order[i]!, i);
  const versionParents = new Map<string, readonly string[]>();
  // Without depends_on anywhere, the version parents are the parents and the reverse edges agree.
  let sameEdges = true;
  for (const id of order) {
    const normalized = normalizedDownRevisions(id, parents, dependencies, position);
    if (normalized !== parents.get(id)) sameEdges = false;
    versionParents.set(id, normalized);
  }
  const children = reverseEdges(order, parents);
  // Built on first use: most commands never look up a prefix or order by listing, and sorting
  // 10,000 ids costs a no-op run several milliseconds.
  let listed: Map<string, number> | undefined;
  let sortedIds: string[] | undefined;
  return {
    byId,
    order,
    position,
    get listed() {
      return (listed ??= new Map(revisions.map((rev, i) => [rev.id, i])));
    },
    get sortedIds() {
      return (sortedIds ??= [...byId.keys()].sort());
    },
    labels,
    parents,
    dependencies,
    versionParents,
    children,
    versionChildren: sameEdges ? children : reverseEdges(order, versionParents),
  };
}

function unique(ids: readonly string[]): readonly string[] {
  return ids.length < 2 ? ids : [...new Set(ids)];
}

function indexLabels(revisions: readonly Revision[], byId: ReadonlyMap<string, Revision>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const rev of revisions) {
    for (const label of rev.branchLabels) {
      const problem = branchLabelProblem(label);
      if (problem) throw new InvalidBranchLabelError(label, rev.source, problem);
      // Alembic keeps labels and ids in one namespace, so a label equal to an id is a clash too.
      const other = labels.get(label) ?? (byId.has(label) ? label : undefined);
      if (other !== undefined && other !== rev.id) {
        const otherSource = byId.get(other)!.source;
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
 * order the files were listed in.
 */
function topologicalOrder(
  byId: ReadonlyMap<string, Revision>,
  parents: ReadonlyMap<string, readonly string[]>,
  dependencies: ReadonlyMap<string, readonly string[]>,
): string[] {
  const pending = new Map<string, number>();
  const next = new Map<string, string[]>();
  const addEdge = (p: string, id: string): void => {
    const list = next.get(p);
    if (list) list.push(id);
    else next.set(p, [id]);
  };
  for (const id of byId.keys()) {
    const down = parents.get(id)!;
    const deps = dependencies.get(id)!;
    pending.set(id, down.length + deps.length);
    for (const p of down) addEdge(p, id);
    for (const p of deps) addEdge(p, id);
  }
  for (const list of next.values()) if (list.length > 1) list.sort();
  const stack = [...byId.keys()].filter((id) => pending.get(id) === 0).sort().reverse();
  const order: string[] = [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    order.push(id);
    const ready: string[] = [];
    for (const child of next.get(id) ?? EMPTY) {
      const left = pending.get(child)! - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
    for (let i = ready.length - 1; i >= 0; i--) stack.push(ready[i]!);
  }
  if (order.length < byId.size) throw cycleError(byId, parents, dependencies, pending);
  return order;
}

/**
 * Every revision Kahn's algorithm could not emit still waits on another such revision, so following
 * those edges from any of them must come back round: that loop is the cycle to report.
 */
function cycleError(
  byId: ReadonlyMap<string, Revision>,
  parents: ReadonlyMap<string, readonly string[]>,
  dependencies: ReadonlyMap<string, readonly string[]>,
  pending: ReadonlyMap<string, number>,
): RevisionCycleError {
  const stuck = (id: string) => pending.get(id)! > 0;
  let current = [...byId.keys()].filter(stuck).sort()[0]!;
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = [...parents.get(current)!, ...dependencies.get(current)!].find(stuck)!;
  }
  const cycle = path.slice(seenAt.get(current));
  const start = cycle.indexOf([...cycle].sort()[0]!);
  const ids = [...cycle.slice(start), ...cycle.slice(0, start)];
  return new RevisionCycleError(ids, ids.map((id) => byId.get(id)!.source));
}

/**
 * Parents plus the dependencies that no other parent or dependency already implies. Alembic
 * drops only dependencies that an ancestor also declared; dropping every implied one gives the same
 * version-table rows (an implied revision is never a row while the implying one is applied) with
 * fewer edges to reason about.
 */
function normalizedDownRevisions(
  id: string,
  parents: ReadonlyMap<string, readonly string[]>,
  dependencies: ReadonlyMap<string, readonly string[]>,
  position: ReadonlyMap<string, number>,
): readonly string[] {
  const down = parents.get(id)!;
  const deps = dependencies.get(id)!;
  if (deps.length === 0) return down;
  const all = [...down, ...deps];
  const edges = (x: string) => [...parents.get(x)!, ...dependencies.get(x)!];
  const kept = deps.filter((d) => !reachesDown(all.filter((x) => x !== d), d, edges, position));
  return [...down, ...kept];
}

/**
 * Whether `target` is an ancestor of (or one of) `starts`. Ancestors sit earlier in the topological
 * order, so the search never needs to go below `target`'s position: that keeps it near-linear.
 */
export function reachesDown(
  starts: readonly string[],
  target: string,
  edges: (id: string) => readonly string[],
  position: ReadonlyMap<string, number>,
): boolean {
  const floor = position.get(target)!;
  const seen = new Set<string>();
  const todo = starts.filter((s) => position.get(s)! >= floor);
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const p of edges(id)) if (position.get(p)! >= floor && !seen.has(p)) todo.push(p);
  }
  return false;
}

function reverseEdges(
  order: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): Map<string, readonly string[]> {
  const reverse = new Map<string, string[]>();
  // Visiting in topological order appends each list's entries already sorted by position.
  for (const id of order) {
    for (const p of edges.get(id)!) {
      const list = reverse.get(p);
      if (list) list.push(id);
      else reverse.set(p, [id]);
    }
  }
  return reverse;
}
