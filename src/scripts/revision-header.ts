/**
 * What a revision file says about itself, whatever its kind: the comment header of a SQL file and
 * the exports of a TS file both parse into a RevisionHeader, the header cache keeps one, and a new
 * file is written from one.
 */
import type { TimeoutOverrides } from "../core/lock-retry.ts";
import type { Revision } from "../core/revision.ts";

/** A revision file's header, validated: the graph's fields (the id is `revision:` in the file), then how the revision runs. */
export interface RevisionHeader extends Omit<Revision, "source" | "message"> {
  /** The whole message; its first line is the Revision's message, what the graph and the listings show. */
  readonly message: string;
  /** As the file writes it (`2026-11-24 10:00:00`); undefined when it has none. */
  readonly createDate: string | undefined;
  /** False runs the revision outside a transaction. */
  readonly transaction: boolean;
  /** The lock timeout, statement timeout and retry budget this revision sets for itself (`-- lock_timeout: 5s`). */
  readonly timeouts: TimeoutOverrides | undefined;
}

/** The graph's record of the revision whose header is `header`, read from `path`. */
export function revisionOf(header: RevisionHeader, path: string): Revision {
  return {
    id: header.id,
    downRevisions: header.downRevisions,
    branchLabels: header.branchLabels,
    dependsOn: header.dependsOn,
    message: firstLine(header.message),
    source: path,
  };
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end === -1 ? text : text.slice(0, end);
}
