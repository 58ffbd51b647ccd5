/**
 * Alembic's target grammar: parsed once into a `Target`, then resolved against a graph and the
 * current heads. Parsing never looks at the graph, so a malformed target is a usage error (exit 2)
 * and everything the graph decides is a ScriptError (exit 3).
 */
import {
  AmbiguousRevisionError,
  AmbiguousTargetError,
  MultipleHeadsError,
  NotOnBranchError,
  RelativeRangeError,
  TargetDirectionError,
  TargetSyntaxError,
} from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";

/** A parsed target. `branch` is the part before `@` (a branch label or a revision). */
export type Target = { readonly text: string; readonly branch?: string } & (
  | { readonly kind: "head" | "heads" | "base" }
  | { readonly kind: "revision"; readonly ident: string }
  /** `steps` is signed (+ is up); without `from` it is relative to the current heads. */
  | { readonly kind: "relative"; readonly steps: number; readonly from?: string }
);

/** What a downgrade removes: `roots` and every applied revision above them. */
export interface DowngradeTarget {
  readonly roots: readonly string[];
  /** The revisions the target lands on, which must be applied; empty for base and `-N`. */
  readonly revisions: readonly string[];
}

const RELATIVE = /^(.*?)([+-])(\d+)$/;

/** Parses `head`, `heads`, `base`, `<rev>`, `<x>@head|heads|base|<rev>`, `+N`, `-N`, `<x>+N`, `<x>@-N`… */
export function parseTarget(text: string): Target {
  const fail = (reason: string) => new TargetSyntaxError(text, reason);
  if (text === "") throw fail("it is empty");
  if (/\s/.test(text)) throw fail("it contains white space");
  if (/[:,]/.test(text)) throw fail(`"${/[:,]/.exec(text)![0]}" is not part of a target; ranges are for history and --sql`);
  const parts = text.split("@");
  if (parts.length > 2) throw fail('it has more than one "@"');
  const rest = parts.at(-1)!;
  const branch = parts.length === 2 ? parts[0]! : undefined;
  if (branch === "") throw fail('nothing comes before "@"');
  if (rest === "") throw fail('nothing comes after "@"');
  const base = branch === undefined ? { text } : { text, branch };
  const relative = RELATIVE.exec(rest);
  if (relative) {
    const [, from, sign, digits] = relative as unknown as [string, string, string, string];
    const count = Number(digits);
    if (count === 0) throw fail("a relative step must be at least 1");
    if (!Number.isSafeInteger(count)) throw fail("the relative step is too large");
    if (/^[+-]|\+/.test(from)) throw fail("it has more than one relative step");
    const steps = sign === "+" ? count : -count;
    return from === "" ? { ...base, kind: "relative", steps } : { ...base, kind: "relative", steps, from };
  }
  if (/^-|\+/.test(rest)) throw fail(`"${rest}" is not a revision or a relative step`);
  if (rest === "head" || rest === "heads" || rest === "base") return { ...base, kind: rest };
  return { ...base, kind: "revision", ident: rest };
}

/** The revisions `target` names (empty for base), for upgrade, stamp and history. */
export function resolveTargetRevisions(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | Target,
): readonly string[] {
  const t = typeof target === "string" ? parseTarget(target) : target;
  const onBranch = branchRevision(graph, t);
  if (t.kind !== "relative") return resolveAbsolute(graph, t, onBranch);
  const start = relativeStart(graph, currentHeads, onBranch, t);
  if (t.steps > 0) return [walkUp(graph, start, t.steps, onBranch, t.text)];
  if (start === null) throw new RelativeRangeError(t.text, t.steps, null, 0);
  const reached = landing(walkDown(graph, start, -t.steps, t.text), t.text);
  return reached === null ? [] : [reached];
}

/** The revisions `upgrade <target>` must reach; `-N` alone is refused (it means downgrade). */
export function resolveUpgradeTarget(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | Target,
): readonly string[] {
  const t = typeof target === "string" ? parseTarget(target) : target;
  if (t.kind === "relative" && t.steps < 0 && t.from === undefined) throw new TargetDirectionError(t.text, "upgrade");
  return resolveTargetRevisions(graph, currentHeads, t);
}

/** What `downgrade <target>` removes; `+N` alone is refused and `-N` from several heads is ambiguous. */
export function resolveDowngradeTarget(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | Target,
): DowngradeTarget {
  const t = typeof target === "string" ? parseTarget(target) : target;
  const onBranch = branchRevision(graph, t);
  if (t.kind === "base") {
    // `label@base` undoes the labelled revision and what sits on it, not the bases it shares
    // with other branches (which is what Alembic's root filtering does when a base is shared).
    return { roots: onBranch === undefined ? graph.bases : [onBranch], revisions: [] };
  }
  if (t.kind === "relative" && t.steps < 0) {
    const start = relativeStart(graph, currentHeads, onBranch, t);
    if (start === null) throw new RelativeRangeError(t.text, t.steps, null, 0);
    // Removing the lowest revision walked past (not everything above where the walk lands, as
    // Alembic does) keeps a step down on its own line. `label@-N` must also stay on the branch:
    // stepping into a trunk shared with other branches would remove those branches too.
    const within = t.from === undefined && onBranch !== undefined ? branchMembers(graph, onBranch) : undefined;
    const { last, below } = walkDown(graph, start, -t.steps, t.text, within);
    return { roots: [last], revisions: t.from === undefined ? [] : below };
  }
  if (t.kind === "relative" && t.from === undefined) throw new TargetDirectionError(t.text, "downgrade");
  const ids = resolveTargetRevisions(graph, currentHeads, t);
  if (ids.length > 1) throw multipleHeads(graph, ids, t.text);
  const revision = ids[0];
  if (revision === undefined) return { roots: [], revisions: [] };
  const children = graph.childrenOf(revision);
  const roots = onBranch === undefined ? children : children.filter((c) => graph.sharesLineage(c, onBranch));
  return { roots, revisions: [revision] };
}

/** The several-heads error, with the labels that would pick each head. */
function multipleHeads(graph: RevisionGraph, heads: readonly string[], target: string): MultipleHeadsError {
  return new MultipleHeadsError(heads, target, heads.map((h) => graph.effectiveBranchLabelsOf(h)));
}

function branchRevision(graph: RevisionGraph, t: Target): string | undefined {
  // Like Alembic's `_resolve_branch`: a label, or failing that a revision standing in for one.
  return t.branch === undefined ? undefined : graph.resolve(t.branch);
}

function headsOn(graph: RevisionGraph, onBranch: string | undefined): readonly string[] {
  return onBranch === undefined ? graph.heads : graph.heads.filter((h) => graph.sharesLineage(h, onBranch));
}

function resolveAbsolute(graph: RevisionGraph, t: Target, onBranch: string | undefined): readonly string[] {
  if (t.kind === "revision") return [onBranchRevision(graph, t.ident, onBranch, t)];
  if (t.kind === "base") return [];
  const heads = headsOn(graph, onBranch);
  if (t.kind === "head" && heads.length > 1) throw multipleHeads(graph, heads, t.text);
  return heads;
}

/** Resolves `ident`; with a branch, a prefix only has to be unique on that branch (as in Alembic). */
function onBranchRevision(graph: RevisionGraph, ident: string, onBranch: string | undefined, t: Target): string {
  let id: string;
  try {
    id = graph.resolve(ident);
  } catch (error) {
    if (onBranch === undefined || !(error instanceof AmbiguousRevisionError)) throw error;
    const matches = error.matches.filter((m) => graph.sharesLineage(m, onBranch));
    if (matches.length !== 1) throw error;
    id = matches[0]!;
  }
  if (onBranch !== undefined && !graph.sharesLineage(id, onBranch)) throw new NotOnBranchError(id, t.branch!);
  return id;
}

/** Where a relative step starts: the revision it names, or the current head; null is base. */
function relativeStart(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  onBranch: string | undefined,
  t: Target & { kind: "relative" },
): string | null {
  return t.from === undefined ? currentStart(graph, currentHeads, onBranch, t.text, t.steps) : symbol(graph, t.from, onBranch, t);
}

/** The revision a relative step starts from when it names one (`head-1`, `abcd+2`); null is base. */
function symbol(graph: RevisionGraph, from: string, onBranch: string | undefined, t: Target): string | null {
  if (from === "base") return null;
  if (from === "head" || from === "heads") {
    const heads = headsOn(graph, onBranch);
    if (heads.length > 1) throw multipleHeads(graph, heads, t.text);
    return heads[0] ?? null;
  }
  return onBranchRevision(graph, from, onBranch, t);
}

/**
 * The current head a bare `+N` / `-N` starts from. With a branch and no current head on it,
 * fall back to the newest applied revision on it (as Alembic does), which covers a branch whose
 * row was folded into a dependent's row through depends_on.
 */
function currentStart(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  onBranch: string | undefined,
  text: string,
  steps: number,
): string | null {
  let starts = currentHeads;
  if (onBranch !== undefined) {
    // Going up, the start may sit below the branch, where it forks off. Going down, only the
    // branch's own revisions count, so `label@-1` never removes trunk revisions shared with others.
    const line = steps > 0 ? lineage(graph, onBranch) : branchMembers(graph, onBranch);
    starts = currentHeads.filter((h) => line.has(h));
    if (starts.length === 0) starts = newestApplied(graph, currentHeads, line);
  }
  if (starts.length > 1) {
    throw new AmbiguousTargetError(text, "several-current-heads", null, graph.sortTopologically(starts));
  }
  if (starts.length === 0 && steps < 0) throw new RelativeRangeError(text, steps, null, 0);
  return starts[0] ?? null;
}

/** Every revision that is an ancestor or a descendant of `id` along down_revision. */
function lineage(graph: RevisionGraph, id: string): Set<string> {
  const line = graph.ancestors([id], { includeDependencies: false });
  for (const d of graph.descendants([id], { includeDependencies: false })) line.add(d);
  return line;
}

/**
 * The revisions a branch label covers: the labelled revision, everything above it, and the
 * revisions below it down to the point where its line forks off (Alembic's label propagation).
 */
function branchMembers(graph: RevisionGraph, labelled: string): Set<string> {
  const members = graph.descendants([labelled], { includeDependencies: false });
  let parents = graph.parentsOf(labelled);
  while (parents.length === 1 && !graph.isBranchPoint(parents[0]!)) {
    members.add(parents[0]!);
    parents = graph.parentsOf(parents[0]!);
  }
  return members;
}

/** The applied revisions in `line` that have no applied child in `line`. */
function newestApplied(graph: RevisionGraph, currentHeads: readonly string[], line: ReadonlySet<string>): string[] {
  const applied = [...graph.ancestors(currentHeads)].filter((id) => line.has(id));
  const set = new Set(applied);
  return applied.filter((id) => !graph.childrenOf(id).some((c) => set.has(c)));
}

/** Steps up along down_revision; a branch point is ambiguous unless the branch settles it. */
function walkUp(
  graph: RevisionGraph,
  start: string | null,
  steps: number,
  onBranch: string | undefined,
  text: string,
): string {
  let current = start;
  for (let i = 0; i < steps; i++) {
    let next = current === null ? graph.bases : graph.childrenOf(current);
    // A single child is always on the branch when its parent is, so only filter real choices.
    if (onBranch !== undefined && next.length > 1) next = next.filter((c) => graph.sharesLineage(c, onBranch));
    if (next.length === 0) throw new RelativeRangeError(text, steps, start, i);
    if (next.length > 1) {
      throw new AmbiguousTargetError(text, current === null ? "several-bases" : "branch-point", current, next);
    }
    current = next[0]!;
  }
  return current!;
}

/**
 * Steps down along down_revision. `last` is the lowest revision the walk passes (the one a
 * downgrade removes last); `below` are its parents, where the walk lands (none: base). Only the
 * steps before the last must be unambiguous, so `-1` from a merge point can still undo it.
 */
function walkDown(
  graph: RevisionGraph,
  start: string,
  steps: number,
  text: string,
  within?: ReadonlySet<string>,
): { last: string; below: readonly string[] } {
  let last = start;
  for (let i = 1; i < steps; i++) {
    const parents = graph.parentsOf(last);
    if (parents.length === 0 || (within && !within.has(parents[0]!))) throw new RelativeRangeError(text, -steps, start, i);
    if (parents.length > 1) throw new AmbiguousTargetError(text, "merge-point", last, parents);
    last = parents[0]!;
  }
  return { last, below: graph.parentsOf(last) };
}

/** Where a downward walk lands: one revision, or null for base. */
function landing(walk: { last: string; below: readonly string[] }, text: string): string | null {
  if (walk.below.length > 1) throw new AmbiguousTargetError(text, "merge-point", walk.last, walk.below);
  return walk.below[0] ?? null;
}
