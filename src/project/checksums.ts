/** Refusing to run when an applied revision's upgrade section changed since it was applied. */
import { ScriptError } from "../core/errors.ts";
import type { Project } from "./project.ts";

/** A revision file that differs from what was applied. */
export interface ChangedRevision {
  readonly revision: string;
  readonly file: string;
  readonly recorded: string;
  readonly current: string;
}

/** Applied revisions were edited after they ran (exit 3). */
export class ChecksumMismatchError extends ScriptError {
  static override readonly code = "checksum-mismatch";
  readonly changed: readonly ChangedRevision[];

  constructor(changed: readonly ChangedRevision[]) {
    super(
      `${changed.length === 1 ? "An applied revision has" : `${changed.length} applied revisions have`} changed since ${changed.length === 1 ? "it was" : "they were"} applied:\n${changed.map((c) => `  ${c.file} (revision "${c.revision}")`).join("\n")}`,
      "Restore the files, or put the change in a new revision; if the edit is deliberate (a comment, a fix that was applied by hand), accept it with `retort rehash <revision>`",
    );
    this.changed = changed;
  }
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
