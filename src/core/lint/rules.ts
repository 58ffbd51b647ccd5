/** Every lint rule, in the order the README's table lists them. */
import type { Rule } from "./rule.ts";
import { columnRules } from "./rules/columns.ts";
import { constraintRules } from "./rules/constraints.ts";
import { indexRules } from "./rules/indexes.ts";
import { destructiveRules } from "./rules/destructive.ts";
import { maintenanceRules } from "./rules/maintenance.ts";
import { transactionRules } from "./rules/transactions.ts";

export const ALL_RULES: readonly Rule[] = [...indexRules, ...constraintRules, ...columnRules, ...maintenanceRules, ...destructiveRules, ...transactionRules];

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
