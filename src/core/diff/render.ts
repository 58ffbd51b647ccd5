/** Diff steps as a SQL script: one statement per step, each warning as a comment above its statement. */
import type { DiffStep } from "./step.ts";

/** The steps as SQL text ending in a newline, or "" for no steps. */
export function renderSteps(steps: readonly DiffStep[]): string {
  const lines: string[] = [];
  for (const s of steps) {
    if (s.warning !== undefined) lines.push(`-- warning: ${s.warning.replace(/\n/g, " ")}`);
    lines.push(s.sql);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
