/**
 * Branch labels as Alembic shows them (`RevisionMap._add_branches`): a label belongs to the
 * revision that declares it, to every revision above it, and, when the line above it neither
 * branches nor merges, to the revisions below it down to the nearest branch point or merge point.
 * So `heads` prints `ab12 (billing) (head)` for the tip of the billing branch, as Alembic does.
 */
import type { RevisionGraph } from "./graph.ts";

/**
 * Each revision's labels, its own first, then the inherited ones in topological order of the
 * revisions declaring them. Revisions with none are left out.
 *
 * Alembic walks down from the last revision its descendant walk yields; when the line above the
 * labelled revision branches, which one that is depends on set order, and every such walk stops at
 * or above the labelled revision. Walking down only from a linear line is that rule made stable.
 */
export function effectiveBranchLabels(graph: RevisionGraph): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const add = (id: string, own: readonly string[]): void => {
    const list = labels.get(id) ?? [];
    for (const l of own) if (!list.includes(l)) list.push(l);
    labels.set(id, list);
  };
  for (const r of graph.revisions) if (r.branchLabels.length > 0) add(r.id, r.branchLabels);
  for (const r of graph.revisions) {
    if (r.branchLabels.length === 0) continue;
    const above = graph.descendants([r.id], { includeDependencies: false });
    for (const id of above) add(id, r.branchLabels);
    if ([...above].some((id) => graph.isBranchPoint(id) || graph.isMergePoint(id))) continue;
    let below = graph.parentsOf(r.id)[0];
    while (below !== undefined && !graph.isBranchPoint(below) && !graph.isMergePoint(below)) {
      add(below, r.branchLabels);
      below = graph.parentsOf(below)[0];
    }
  }
  return labels;
}
