/**
 * `retort merge`: which revisions a new merge revision joins, i.e. its down_revisions. Alembic's
 * `merge` passes the targets to `generate_revision` as the new revision's heads; this adds the
 * checks Alembic leaves out (fewer than two revisions, or one below another, is not a merge).
 */
import { MergeTooFewRevisionsError, MissingTargetError, OverlappingTargetsError, TargetNotAllowedError } from "./errors.ts";
import type { RevisionGraph } from "./graph.ts";
import { parseTarget, resolveTargetRevisions } from "./target.ts";

/** The down_revisions of a merge of `revs` (`heads`, ids, prefixes, `label@head`…), bases first. */
export function mergeParents(graph: RevisionGraph, revs: readonly string[]): string[] {
  if (revs.length === 0) throw new MissingTargetError("merge");
  const parsed = revs.map((r) => parseTarget(r));
  const ids: string[] = [];
  for (const t of parsed) {
    if (t.kind === "base") throw new TargetNotAllowedError(t.text, "base-in-merge");
    // Merge writes a file and never reads the database, so there are no current heads to count from.
    if (t.kind === "relative" && t.from === undefined) throw new TargetNotAllowedError(t.text, "relative-in-merge");
    const resolved = resolveTargetRevisions(graph, [], t);
    if (resolved.length === 0) throw new TargetNotAllowedError(t.text, "base-in-merge");
    // `heads` may include a head that another head depends on; that one needs no joining.
    ids.push(...graph.withoutImplied(resolved));
  }
  const pair = graph.findAncestorPair(ids);
  if (pair) throw new OverlappingTargetsError("merge", pair[0], pair[1]);
  const parents = graph.sortTopologically(ids);
  if (parents.length < 2) throw new MergeTooFewRevisionsError(revs, parents);
  return parents;
}
