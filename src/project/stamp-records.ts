/** The history rows a stamp writes, online or in an offline script. */
import type { VersionChange } from "../core/plan.ts";
import type { HistoryRecord } from "../db/history-table.ts";
import type { Project } from "./project.ts";

/** History rows for the revisions a stamp records (inserted or updated to). */
export function stampRecords(project: Project, changes: readonly VersionChange[], toolVersion: string, clientHost: string): HistoryRecord[] {
  return changes.flatMap((c) => {
    const stamped = c.op === "insert" ? c.revision : c.op === "update" ? c.to : undefined;
    if (stamped === undefined) return [];
    const file = project.fileOf(stamped);
    return [{ revision: stamped, direction: "stamp" as const, message: file.revision.message, checksum: file.checksum, durationMs: 0, toolVersion, clientHost }];
  });
}
