/** Refusing to run when an applied revision's upgrade section changed since it was applied. */
import { ChecksumMismatchError } from "./errors.ts";
import type { Project } from "./project.ts";

/** A revision file that differs from what was applied. */
export interface ChangedRevision {
  readonly revision: string;
  readonly file: string;
  readonly recorded: string;
  readonly current: string;
}

/** The applied revisions (rows and everything below them) whose upgrade section changed. */
export function findChangedRevisions(recorded: ReadonlyMap<string, string>, project: Project, heads: readonly string[]): ChangedRevision[] {
  if (heads.length === 0 || recorded.size === 0) return [];
  const applied = project.graph.ancestors(heads);
  const changed: ChangedRevision[] = [];
  // graph.revisions is already in topological order, so the report lists files oldest first.
  for (const { id } of project.graph.revisions) {
    const was = recorded.get(id);
    if (was === undefined || !applied.has(id)) continue;
    const file = project.fileOf(id);
    if (was !== file.checksum) changed.push({ revision: id, file: file.path, recorded: was, current: file.checksum });
  }
  return changed;
}

/** Throws ChecksumMismatchError when any applied revision changed. */
export function verifyChecksums(recorded: ReadonlyMap<string, string>, project: Project, heads: readonly string[]): void {
  const changed = findChangedRevisions(recorded, project, heads);
  if (changed.length > 0) throw new ChecksumMismatchError(changed);
}
