/**
 * The order `retort history` lists revisions in: Alembic's `RevisionMap._topological_sort`, the
 * walk behind `walk_revisions` and `alembic history`, so both tools print one graph in the same
 * lines. It walks down from the heads, one line of descent at a time, and leaves a revision for
 * later while another pending head still lies above it. Ties go to the order the revisions were
 * listed in (the files' order: retort sorts them by path; recent Alembic sorts each folder by
 * name, while 1.8 takes the directory's own order), then to the order of a merge's down_revision.
 */
import type { RevisionGraph } from "./graph.ts";

/**
 * `revisions` newest first in Alembic's order, walking down from `heads` (those outside
 * `revisions` are ignored). Every revision comes before its down_revisions and dependencies.
 */
export function historyOrder(graph: RevisionGraph, revisions: Iterable<string>, heads: readonly string[]): string[] {
  const todo = new Set(revisions);
  const down = alembicDownRevisions(graph);
  const output: string[] = [];
  let start = graph.sortByListing(heads.filter((id) => todo.has(id)));
  while (todo.size > 0) {
    // Alembic asserts this never happens; it can when a revision in the range reaches the upper
    // bound only through depends_on. Walking on from what is left lists it rather than failing.
    if (start.length === 0) start = tipsOf(graph, todo);
    walkFrom(graph, start, todo, down, output);
    start = [];
  }
  return output;
}

/** What the walk steps down to from a revision, and whether that is one plain down_revision. */
interface DownStep {
  readonly next: readonly string[];
  readonly plain: boolean;
}

/** One pass of `_topological_sort`: emits from `todo` into `output`, starting with `heads`. */
function walkFrom(graph: RevisionGraph, heads: string[], todo: Set<string>, down: (id: string) => DownStep, output: string[]): void {
  const below = heads.map((id) => new Ancestry(graph, id));
  let at = 0;
  while (heads.length > 0) {
    const candidate = heads[at]!;
    // Another head above this one has to be walked first.
    const above = below.findIndex((ancestry, i) => i !== at && ancestry.has(candidate));
    if (above !== -1) {
      at = above;
      continue;
    }
    if (todo.delete(candidate)) output.push(candidate);
    const step = down(candidate);
    const next = step.next.filter((id) => todo.has(id) && !heads.includes(id));
    if (next.length === 0) {
      heads.splice(at, 1);
      below.splice(at, 1);
      at = Math.max(at - 1, 0);
      continue;
    }
    heads[at] = next[0]!;
    // One plain down_revision: what lies below the old head is the new head and what lies below it.
    below[at] = step.plain ? below[at]!.movedDownTo(next[0]!) : new Ancestry(graph, next[0]!);
    for (const id of next.slice(1)) {
      heads.push(id);
      below.push(new Ancestry(graph, id));
    }
  }
}

/**
 * The ancestors of one head (through depends_on, as Alembic's sets hold them), explored only as
 * far down as the questions asked need. Ancestors sit earlier in the topological order, so
 * whether `id` lies below is settled once everything above `id`'s position is explored; each
 * revision is explored at most once per head. (Building the whole set at every merge, as Alembic
 * does, took 20–70 s on a 10,000-revision graph with a merge every 3 revisions.)
 */
class Ancestry {
  readonly #graph: RevisionGraph;
  #head: string;
  readonly #seen: Set<string>;
  /** Seen but not yet expanded, highest position first. */
  readonly #frontier: MaxHeap;

  constructor(graph: RevisionGraph, head: string) {
    this.#graph = graph;
    this.#head = head;
    this.#seen = new Set([head]);
    this.#frontier = new MaxHeap();
    this.#frontier.push(graph.positionOf(head), head);
  }

  /** Whether `id` is the head or lies below it. */
  has(id: string): boolean {
    const floor = this.#graph.positionOf(id);
    while (this.#frontier.size > 0 && this.#frontier.topKey() >= floor) {
      const x = this.#frontier.pop();
      for (const p of this.#graph.versionParentsOf(x)) {
        if (this.#seen.has(p)) continue;
        this.#seen.add(p);
        this.#frontier.push(this.#graph.positionOf(p), p);
      }
    }
    return this.#seen.has(id);
  }

  /** The ancestry of `parent`, the head's only down_revision (it reuses what was explored). */
  movedDownTo(parent: string): Ancestry {
    // Not yet expanded: nothing to reuse.
    if (!this.#seen.has(parent)) return new Ancestry(this.#graph, parent);
    this.#seen.delete(this.#head);
    this.#head = parent;
    return this;
  }
}

/** A binary max-heap of ids keyed by position. */
class MaxHeap {
  readonly #keys: number[] = [];
  readonly #ids: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  topKey(): number {
    return this.#keys[0]!;
  }

  push(key: number, id: string): void {
    let i = this.#keys.length;
    this.#keys.push(key);
    this.#ids.push(id);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.#keys[up]! >= key) break;
      this.#swap(i, up);
      i = up;
    }
  }

  pop(): string {
    const top = this.#ids[0]!;
    const lastKey = this.#keys.pop()!;
    const lastId = this.#ids.pop()!;
    if (this.#keys.length > 0) {
      this.#keys[0] = lastKey;
      this.#ids[0] = lastId;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let big = i;
        if (l < this.#keys.length && this.#keys[l]! > this.#keys[big]!) big = l;
        if (r < this.#keys.length && this.#keys[r]! > this.#keys[big]!) big = r;
        if (big === i) break;
        this.#swap(i, big);
        i = big;
      }
    }
    return top;
  }

  #swap(a: number, b: number): void {
    [this.#keys[a], this.#keys[b]] = [this.#keys[b]!, this.#keys[a]!];
    [this.#ids[a], this.#ids[b]] = [this.#ids[b]!, this.#ids[a]!];
  }
}

/**
 * Alembic's `_normalized_down_revisions`: the down_revisions as written, then the dependencies
 * that no revision below along down_revision declared too. (retort's own versionParentsOf drops
 * every implied dependency; the walk needs Alembic's exact list to take the same turns.)
 */
function alembicDownRevisions(graph: RevisionGraph): (id: string) => DownStep {
  const declared = (id: string): string[] =>
    graph.get(id).dependsOn.map((name) => (graph.has(name) ? name : graph.labelled(name)!));
  return (id) => {
    const parents = graph.parentsOf(id);
    const deps = declared(id);
    if (deps.length === 0) return { next: parents, plain: parents.length === 1 };
    const belowDeclared = new Set<string>();
    for (const below of graph.ancestors([id], { includeDependencies: false })) {
      if (below !== id) for (const d of declared(below)) belowDeclared.add(d);
    }
    const kept = deps.filter((d) => !belowDeclared.has(d));
    return { next: [...new Set([...parents, ...kept])], plain: kept.length === 0 && parents.length === 1 };
  };
}

/** The revisions of `todo` that no other revision of `todo` lists below it, in listed order. */
function tipsOf(graph: RevisionGraph, todo: ReadonlySet<string>): string[] {
  const below = new Set<string>();
  for (const id of todo) for (const p of [...graph.parentsOf(id), ...graph.dependenciesOf(id)]) below.add(p);
  return graph.sortByListing([...todo].filter((id) => !below.has(id)));
}
