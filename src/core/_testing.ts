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
