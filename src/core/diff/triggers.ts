/**
 * Diff of triggers on tables: created, dropped and changed ones (drop, then create), whether each
 * fires (ENABLE/DISABLE), and the ones to rebuild because the function they call is recreated.
 */
import { type QualifiedName, type TriggerDef, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/** Tables or views: what has triggers. */
type Relations = Readonly<Record<QualifiedName, { readonly triggers: Readonly<Record<string, TriggerDef>> }>>;

/** ALTER TABLE … ENABLE/DISABLE TRIGGER for pg_trigger.tgenabled: O (origin), D, R (replica), A (always). */
const ENABLE: Readonly<Record<string, string>> = { O: "ENABLE TRIGGER", D: "DISABLE TRIGGER", R: "ENABLE REPLICA TRIGGER", A: "ENABLE ALWAYS TRIGGER" };

function triggerObject(table: QualifiedName, t: TriggerDef): string {
  return `${table}.${quoteIdent(t.name)}`;
}

/** Whether `trigger` calls one of `functions` (given by `"schema"."name"`). */
function callsAny(trigger: TriggerDef, functions: ReadonlySet<string>): boolean {
  const m = /EXECUTE (?:FUNCTION|PROCEDURE) (.+)\(/.exec(trigger.definition);
  if (!m) return false;
  // pg_get_triggerdef quotes only where needed; compare without quotes.
  const called = m[1]!.replace(/"/g, "");
  for (const f of functions) if (f.replace(/"/g, "") === called) return true;
  return false;
}

function create(table: QualifiedName, t: TriggerDef): PhasedStep[] {
  const object = triggerObject(table, t);
  const out = [phased(Phase.createTrigger, { sql: `${t.definition};`, kind: "create-trigger", object, destructive: false })];
  if (t.enabled !== "O") {
    out.push(phased(Phase.alterTrigger, { sql: `ALTER TABLE ${table} ${ENABLE[t.enabled] ?? "ENABLE TRIGGER"} ${quoteIdent(t.name)};`, kind: "alter-trigger", object, destructive: false }));
  }
  return out;
}

function drop(table: QualifiedName, t: TriggerDef): PhasedStep {
  return phased(Phase.dropTrigger, { sql: `DROP TRIGGER ${quoteIdent(t.name)} ON ${table};`, kind: "drop-trigger", object: triggerObject(table, t), destructive: false });
}

/**
 * Trigger steps for every table (or view) in `to` (new ones get theirs here too); a dropped one
 * takes its triggers with it, and so does one in `recreated` (a view dropped and created again),
 * whose triggers are all created anew. `recreatedFunctions` are `"schema"."name"` of functions
 * dropped and created again, and `rebuiltTables` the tables whose columns change type or go
 * (PostgreSQL refuses while a trigger names them): triggers calling or on those are rebuilt.
 */
export function diffTriggers(
  from: Relations,
  to: Relations,
  recreatedFunctions: ReadonlySet<string>,
  rebuiltTables: ReadonlySet<QualifiedName>,
  recreated: ReadonlySet<QualifiedName> = new Set(),
): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(to)) {
    const have = recreated.has(key) ? {} : (from[key]?.triggers ?? {});
    const want = to[key]!.triggers;
    const rebuild = (t: TriggerDef) => rebuiltTables.has(key) || callsAny(t, recreatedFunctions);
    for (const name of sortedKeys(have)) {
      const next = want[name];
      if (!next || next.definition !== have[name]!.definition || rebuild(next)) out.push(drop(key, have[name]!));
    }
    for (const name of sortedKeys(want)) {
      const t = want[name]!;
      const prev = have[name];
      if (!prev || prev.definition !== t.definition || rebuild(t)) {
        out.push(...create(key, t));
      } else if (prev.enabled !== t.enabled) {
        out.push(phased(Phase.alterTrigger, { sql: `ALTER TABLE ${key} ${ENABLE[t.enabled] ?? "ENABLE TRIGGER"} ${quoteIdent(name)};`, kind: "alter-trigger", object: triggerObject(key, t), destructive: false }));
      }
    }
  }
  return out;
}
