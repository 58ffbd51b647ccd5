/** Diff steps as SQL text: one statement per step, each warning as a comment above its statement. */
import type { DiffStep } from "./step.ts";

function stepLines(lines: string[], s: DiffStep): void {
  if (s.warning !== undefined) lines.push(`-- warning: ${s.warning.replace(/\n/g, " ")}`);
  lines.push(s.sql);
}

/**
 * The steps as SQL text ending in a newline, or "" for no steps: the body of a revision, which
 * retort runs in its own transaction (so `SET LOCAL` holds for the revision).
 */
export function renderSteps(steps: readonly DiffStep[]): string {
  const lines: string[] = [];
  for (const s of steps) stepLines(lines, s);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * The steps as a script that applies as printed (`psql -f`, or any client in autocommit mode), or
 * "" for no steps. It runs in a transaction, so a failure leaves nothing half done and the
 * session settings (`SET LOCAL`) hold. A label added by `ALTER TYPE … ADD VALUE` cannot be used
 * before the transaction that added it commits (PostgreSQL error 55P04), so the script commits
 * after each run of them and opens a new transaction, repeating the settings, for the rest.
 */
export function renderScript(steps: readonly DiffStep[]): string {
  if (steps.length === 0) return "";
  const settings = steps.filter((s) => s.kind === "set");
  const lines: string[] = ["BEGIN;"];
  for (const s of settings) stepLines(lines, s);
  const rest = steps.filter((s) => s.kind !== "set");
  rest.forEach((s, i) => {
    stepLines(lines, s);
    const next = rest[i + 1];
    if (s.kind === "add-enum-value" && next !== undefined && next.kind !== "add-enum-value") {
      lines.push("-- the added labels commit before anything uses them", "COMMIT;", "BEGIN;");
      for (const set of settings) stepLines(lines, set);
    }
  });
  lines.push("COMMIT;");
  return `${lines.join("\n")}\n`;
}
