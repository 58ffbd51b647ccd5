/** Alembic's text formats for revisions (`cmd_format` and `log_entry` in alembic/script/base.py). */
import type { RevisionInfo } from "../project/describe.ts";

const comma = (xs: readonly string[]): string => xs.join(", ");

function parents(r: RevisionInfo): string {
  return r.downRevisions.length ? comma(r.downRevisions) : "<base>";
}

/** Alembic marks a head that something depends on as an "effective head". */
function headMark(r: RevisionInfo): string {
  return r.isEffectiveHead ? " (effective head)" : r.isHead ? " (head)" : "";
}

export interface LineOptions {
  readonly parents?: boolean;
  readonly branches?: boolean;
  readonly tree?: boolean;
  readonly heads?: boolean;
  readonly doc?: boolean;
  /** Mark revisions that are rows of the version table (history --indicate-current). */
  readonly current?: boolean;
}

/** One-line form: `<base> -> 1a2b (head) (current), message` (parts chosen by `opts`). */
export function revisionLine(r: RevisionInfo, opts: LineOptions): string {
  let text = r.revision;
  if (opts.parents) text = r.dependsOn.length ? `${parents(r)} (${comma(r.dependsOn)}) -> ${text}` : `${parents(r)} -> ${text}`;
  if (opts.branches && r.effectiveBranchLabels.length) text += ` (${comma(r.effectiveBranchLabels)})`;
  if (opts.heads || opts.tree) text += `${headMark(r)}${opts.current && r.isCurrent ? " (current)" : ""}`;
  if (opts.tree) text += `${r.isBranchPoint ? " (branchpoint)" : ""}${r.isMergePoint ? " (mergepoint)" : ""}`;
  if (opts.doc) text += `, ${r.message}`;
  return text;
}

/** Multi-line form used by `--verbose` and `show` (Alembic's `log_entry`). */
export function revisionEntry(r: RevisionInfo): string {
  const flags = `${headMark(r)}${r.isBranchPoint ? " (branchpoint)" : ""}${r.isMergePoint ? " (mergepoint)" : ""}${r.isCurrent ? " (current)" : ""}`;
  const lines = [`Rev: ${r.revision}${flags}`, `${r.isMergePoint ? "Merges" : "Parent"}: ${parents(r)}`];
  if (r.dependsOn.length) lines.push(`Also depends on: ${comma(r.dependsOn)}`);
  if (r.isBranchPoint) lines.push(`Branches into: ${comma(r.children)}`);
  if (r.effectiveBranchLabels.length) lines.push(`Branch names: ${comma(r.effectiveBranchLabels)}`);
  lines.push(`Path: ${r.path}`);
  if (r.createDate) lines.push(`Create Date: ${r.createDate}`);
  if (r.applied) {
    const a = r.applied;
    lines.push(`Applied: ${a.appliedAt.toISOString()} by ${a.user}${a.clientHost ? ` from ${a.clientHost}` : ""} in ${a.durationMs.toFixed(1)} ms (retort ${a.toolVersion})`);
  }
  lines.push("", `    ${r.message}`, "");
  return lines.join("\n");
}
