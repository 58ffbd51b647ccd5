/**
 * Diff of rules (CREATE RULE). A rule holds on to the columns it reads, as a view does, and goes
 * with the relation it is on: so a changed rule, one on a view that is recreated, and one that
 * reads a table whose columns change, a view that is recreated or a relation that goes, is dropped
 * before the views and tables change and created again after them.
 */
import { type QualifiedName, type RuleDef, type SchemaModel, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

const ENABLE: Readonly<Record<string, string>> = { O: "ENABLE RULE", D: "DISABLE RULE", R: "ENABLE REPLICA RULE", A: "ENABLE ALWAYS RULE" };

/** ALTER TABLE works on views too for rules; `ALTER VIEW` has no ENABLE/DISABLE RULE. */
function enableSql(r: RuleDef): string {
  return `ALTER TABLE ${r.relation} ${ENABLE[r.enabled] ?? "ENABLE RULE"} ${quoteIdent(r.name)};`;
}

/**
 * Rule steps. `rebuiltTables` are the tables whose columns change, `droppedViews` the views and
 * materialized views dropped (and maybe created again).
 */
export function diffRules(from: SchemaModel, to: SchemaModel, rebuiltTables: ReadonlySet<QualifiedName>, droppedViews: ReadonlySet<QualifiedName>): PhasedStep[] {
  const out: PhasedStep[] = [];
  const relationGoes = (k: QualifiedName) => (from.tables[k] !== undefined && to.tables[k] === undefined) || droppedViews.has(k);
  const recreated = new Set<string>();
  for (const key of sortedKeys(from.rules)) {
    const have = from.rules[key]!;
    const want = to.rules[key];
    const touched = [have.relation, ...have.dependsOn].some((k) => rebuiltTables.has(k) || relationGoes(k));
    if (want && want.definition === have.definition && !touched) continue;
    if (want) recreated.add(key);
    // On a relation that goes, the rule goes with it; still dropped first, since it may read others that go before.
    const onDroppedTable = from.tables[have.relation] !== undefined && to.tables[have.relation] === undefined;
    if (onDroppedTable && !want) continue;
    out.push(phased(Phase.dropView, { sql: `DROP RULE ${quoteIdent(have.name)} ON ${have.relation};`, kind: "drop-rule", object: key, destructive: false }));
  }
  for (const key of sortedKeys(to.rules)) {
    const want = to.rules[key]!;
    const have = from.rules[key];
    if (!have || recreated.has(key)) {
      out.push(phased(Phase.createViewIndex, { sql: `${want.definition.trim().replace(/;$/, "")};`, kind: "create-rule", object: key, destructive: false }));
      if (want.enabled !== "O") out.push(phased(Phase.alterTrigger, { sql: enableSql(want), kind: "alter-rule", object: key, destructive: false }));
    } else if (have.enabled !== want.enabled) {
      out.push(phased(Phase.alterTrigger, { sql: enableSql(want), kind: "alter-rule", object: key, destructive: false }));
    }
  }
  return out;
}
