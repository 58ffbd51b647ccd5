/** The segment a stamp writes, online or in an offline script. */
import type { VersionChange } from "../core/plan.ts";
import { bookkeepingSegment, type HistoryWrite, type Segment } from "../core/segments.ts";
import type { Project } from "./project.ts";

/**
 * One transaction that creates the bookkeeping tables if missing, applies the stamp's changes and
 * adds a history row for each revision it records (inserted or updated to).
 */
export function stampSegment(project: Project, changes: readonly VersionChange[]): Segment<never> {
  const history = changes.flatMap((c): HistoryWrite[] => {
    const stamped = c.op === "insert" ? c.revision : c.op === "update" ? c.to : undefined;
    if (stamped === undefined) return [];
    const file = project.fileOf(stamped);
    return [{ revision: stamped, direction: "stamp", message: file.revision.message, checksum: file.checksum }];
  });
  return bookkeepingSegment({ tablesExist: false, versionChanges: changes, history });
}
