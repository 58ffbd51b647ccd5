/** The plain description of a revision that read-only commands return (and `--json` prints). */
import type { AppliedInfo } from "../db/history-table.ts";
import type { Project } from "./project.ts";

export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  /** The labels Alembic shows for it: its own, then those inherited along its line. */
  readonly effectiveBranchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string;
  readonly path: string;
  readonly createDate: string | null;
  readonly isHead: boolean;
  /** A head that another revision depends on (Alembic's "effective head"). */
  readonly isEffectiveHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Revisions whose down_revision names this one. */
  readonly children: readonly string[];
  /** Whether the revision is a row of the version table; null when the database was not read. */
  readonly isCurrent: boolean | null;
  /** When and by whom it was last applied (history --verbose --indicate-current); null otherwise. */
  readonly applied: AppliedInfo | null;
}

/** Describes revision `id` of the project; `currentRows` marks `isCurrent` when given. */
export function describeRevision(project: Project, id: string, currentRows?: ReadonlySet<string>, applied?: ReadonlyMap<string, AppliedInfo>): RevisionInfo {
  const { graph } = project;
  const r = graph.get(id);
  const file = project.fileOf(id);
  return {
    revision: r.id,
    downRevisions: r.downRevisions,
    branchLabels: r.branchLabels,
    effectiveBranchLabels: graph.effectiveBranchLabelsOf(id),
    dependsOn: r.dependsOn,
    message: r.message,
    path: file.path,
    createDate: file.createDate ?? null,
    isHead: graph.isHead(id),
    isEffectiveHead: graph.isHead(id) && graph.childrenOf(id, { includeDependencies: true }).length > 0,
    isBase: graph.isBase(id),
    isBranchPoint: graph.isBranchPoint(id),
    isMergePoint: graph.isMergePoint(id),
    children: graph.childrenOf(id),
    isCurrent: currentRows ? currentRows.has(id) : null,
    applied: applied?.get(id) ?? null,
  };
}
