/**
 * Prints the README's lint rule table from the rules themselves (`bun scripts/lint-rules-table.ts`);
 * test/lint-readme.test.ts checks that the README holds exactly this table.
 */
import { ALL_RULES } from "../src/core/lint/rules.ts";

/** The markdown table: id, what it catches, severity, fix. */
export function lintRulesTable(): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [
    "| rule | what it catches | severity | safe alternative |",
    "|---|---|---|---|",
    ...ALL_RULES.map((r) => `| \`${r.id}\` | ${cell(r.summary)} | ${r.severity} | ${cell(r.fixSummary)} |`),
  ].join("\n");
}

if (import.meta.main) process.stdout.write(`${lintRulesTable()}\n`);
