/**
 * Builders for the core tests: revisions written inline, and generated large graphs. Private to
 * `core/` and used only by its `*.test.ts` files.
 */
import { RevisionGraph } from "./graph.ts";
import type { Revision } from "./revision.ts";

/** Extra headers for `rev`. */
export interface RevOptions {
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly source?: string;
}

/** A revision `id` whose down_revision is `down` (a string, several, or none). */
export function rev(id: string, down: string | readonly string[] = [], options: RevOptions = {}): Revision {
  return {
    id,
    downRevisions: typeof down === "string" ? [down] : down,
    branchLabels: options.labels ?? [],
    dependsOn: options.dependsOn ?? [],
    message: `revision ${id}`,
    source: options.source ?? `versions/${id}.sql`,
  };
}

/** A graph of `revisions`. */
export function graphOf(...revisions: Revision[]): RevisionGraph {
  return RevisionGraph.from(revisions);
}

/** Revision ids shaped like retort's (12 hex characters), deterministic for index `i`. */
export function hexId(i: number): string {
  // Spread consecutive indexes over the id space so prefixes are realistic, not sequential.
  const mixed = (Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, "0");
  return `${mixed}${i.toString(16).padStart(4, "0")}`;
}

/** A linear chain of `length` revisions; ids[0] is the base. */
export function linearChain(length: number): { graph: RevisionGraph; ids: string[] } {
  const ids = Array.from({ length }, (_, i) => hexId(i));
  const revisions = ids.map((id, i) => rev(id, i === 0 ? [] : ids[i - 1]!));
  return { graph: RevisionGraph.from(revisions), ids };
}

/** Runs `fn`, which must throw, and returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

// Graphs several test files share.

/** a000 ─ b000 ─ c000 */
export const linear = (): RevisionGraph => graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "b000"));

/** a000 ─┬─ b000 ─┬─ d000 (a branch and its merge) */
export const diamond = (): RevisionGraph => graphOf(rev("a000"), rev("b000", "a000"), rev("c000", "a000"), rev("d000", ["b000", "c000"]));

/**
 * a000 ─┬─ b100 (feature) ── b200
 *       └─ c100 (fix) ────── c200
 */
export const labelled = (): RevisionGraph =>
  graphOf(
    rev("a000"),
    rev("b100", "a000", { labels: ["feature"] }),
    rev("b200", "b100"),
    rev("c100", "a000", { labels: ["fix"] }),
    rev("c200", "c100"),
  );

/** Two bases; net2 depends on core1 across them. */
export const crossDeps = (): RevisionGraph =>
  graphOf(
    rev("core1", [], { labels: ["core"] }),
    rev("core2", "core1"),
    rev("net1", [], { labels: ["net"] }),
    rev("net2", "net1", { dependsOn: ["core"] }),
  );
