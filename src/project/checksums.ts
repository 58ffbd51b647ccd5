/** Refusing to run when an applied revision's upgrade section changed since it was applied. */
import { checksumDigest, type RecordedChecksums } from "../db/read-state.ts";
import { sameRows } from "../db/version-table.ts";
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
  return changedAmong(recorded, project, project.graph.ancestors(heads));
}

/** The revisions of `applied` whose recorded checksum differs from their file's, oldest first. */
function changedAmong(recorded: ReadonlyMap<string, string>, project: Project, applied: ReadonlySet<string>): ChangedRevision[] {
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

/**
 * Throws ChecksumMismatchError when any applied revision changed. When every applied revision has
 * a recorded checksum and no other revision has one, the digests decide; otherwise (or when they
 * differ) the recorded checksums are fetched and compared one by one.
 */
export async function verifyChecksums(recorded: RecordedChecksums, project: Project, heads: readonly string[]): Promise<void> {
  if (heads.length === 0 || recorded.count === 0) return;
  // At every head (a deploy with nothing to do), every revision is applied: each lies below a
  // head. Walking 10,000 of them into a set only to learn that cost milliseconds.
  const applied = sameRows(heads, project.graph.heads) ? undefined : project.graph.ancestors(heads);
  if ((applied?.size ?? project.graph.size) === recorded.count) {
    const digest = applied === undefined ? digestOfEveryRevision(project) : checksumDigest(applied, (id) => project.fileOf(id).checksum);
    if (digest === recorded.digest) return;
  }
  const changed = changedAmong(await recorded.all(), project, applied ?? new Set(project.graph.revisions.map((r) => r.id)));
  if (changed.length > 0) throw new ChecksumMismatchError(changed);
}

/**
 * Whether no recorded checksum differs from `current`'s for the same revision, `current` being
 * every revision's checksum (a database at every head has applied them all); revisions `current`
 * does not know are not compared, as changedAmong skips them. For a project summary's checksums,
 * which stand in for the files'.
 */
export async function recordedMatch(recorded: RecordedChecksums, current: ReadonlyMap<string, string>): Promise<boolean> {
  for (const [revision, was] of await recorded.all()) {
    const now = current.get(revision);
    if (now !== undefined && now !== was) return false;
  }
  return true;
}

/** checksumDigest of every revision of the project, as a database at every head records it. */
export function digestOfEveryRevision(project: Project): string {
  return checksumDigest(project.graph.revisions.map((r) => r.id), (id) => project.fileOf(id).checksum);
}
