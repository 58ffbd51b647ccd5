/** `lint --trace` as text: what each statement on an existing table really did, and where the lint disagrees. */
import { displayName } from "../core/lint/ast.ts";
import { LOCK_MODES, type LockMode } from "../core/lint/types.ts";
import type { TraceReport, TracedLock, TracedStatement } from "../project/lint-trace.ts";

/**
 * One block per statement that touched a table that existed before (or that disagrees with the
 * lint): `file:section stmt N: SHARE on users; rewrote users`, its first line of SQL, and each
 * disagreement; then a summary line. Statements are counted from 1, as in error messages.
 */
export function lintTraceText(report: TraceReport): string {
  const shown = report.statements.filter((s) => touched(s) || !s.agreesWithLint);
  const lines: string[] = [];
  for (const s of shown) {
    lines.push(`${s.file}:${s.section} stmt ${s.statement + 1}: ${observed(s)}`);
    lines.push(`    ${firstLine(s.text)}`);
    for (const d of s.disagreements) lines.push(`  disagrees: ${d}`);
  }
  const disagreeing = report.statements.filter((s) => !s.agreesWithLint).length;
  lines.push(
    `Traced ${count(report.statements.length, "statement")}: ${count(shown.filter(touched).length, "statement")} on existing tables, ` +
      (disagreeing === 0 ? "all as the lint says" : `${count(disagreeing, "statement")} not as the lint says`),
  );
  return `${lines.join("\n")}\n`;
}

function touched(s: TracedStatement): boolean {
  return s.locks.length > 0 || s.rewrote.length > 0 || s.builtIndexes.length > 0;
}

/** `ACCESS EXCLUSIVE on users, SHARE on index users_pkey of users; rewrote users (sampled)`. */
function observed(s: TracedStatement): string {
  const parts: string[] = [];
  const locks = strongestPerRelation(s.locks).map((l) => (l.index === undefined ? `${l.mode} on ${displayName(l.table)}` : `${l.mode} on index ${displayName(l.index)} of ${displayName(l.table)}`));
  if (!s.locksSeen) parts.push("locks not watched (the embedded engine cannot sample them)");
  else if (locks.length > 0) parts.push(`${locks.join(", ")}${s.sampled ? " (sampled while it ran)" : ""}`);
  else parts.push(s.heldBefore.length > 0 ? "no new lock (its transaction already held them)" : "no lock on an existing table");
  if (s.rewrote.length > 0) parts.push(`${s.kind === "TruncateStmt" ? "truncated" : "rewrote"} ${s.rewrote.map(displayName).join(", ")}`);
  if (s.builtIndexes.length > 0) parts.push(`built ${s.builtIndexes.map((b) => `index ${displayName(b.index)} on ${displayName(b.table)}`).join(", ")}`);
  return parts.join("; ");
}

/** Each relation's strongest lock, strongest first. */
function strongestPerRelation(locks: readonly TracedLock[]): TracedLock[] {
  const rank = (mode: LockMode): number => LOCK_MODES.indexOf(mode);
  const best = new Map<string, TracedLock>();
  for (const lock of locks) {
    const key = `${lock.table}\u0000${lock.index ?? ""}`;
    const seen = best.get(key);
    if (seen === undefined || rank(lock.mode) > rank(seen.mode)) best.set(key, lock);
  }
  return [...best.values()].sort((a, b) => rank(b.mode) - rank(a.mode));
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
