/**
 * Diff of event triggers: created once the function they run exists, dropped before it goes, and
 * dropped and created again when their event, tags or function change (there is no ALTER for
 * those) or when that function is dropped and created again. ENABLE/DISABLE is an ALTER. They are
 * created late and dropped early, so they fire on as little of the script's own DDL as can be.
 */
import { type EventTriggerDef, type FunctionKey, type SchemaModel, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

/** ALTER EVENT TRIGGER … for pg_event_trigger.evtenabled: O (origin), D, R (replica), A (always). */
const ENABLE: Readonly<Record<string, string>> = { O: "ENABLE", D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" };

/** `CREATE EVENT TRIGGER "n" ON event [WHEN TAG IN ('…')] EXECUTE FUNCTION f();` */
export function createEventTriggerSql(t: EventTriggerDef): string {
  const when = t.tags === null ? "" : ` WHEN TAG IN (${t.tags.map(quoteLiteral).join(", ")})`;
  return `CREATE EVENT TRIGGER ${quoteIdent(t.name)} ON ${t.event}${when} EXECUTE FUNCTION ${t.function};`;
}

function enableStep(key: string, t: EventTriggerDef): PhasedStep {
  return phased(Phase.alterTrigger, { sql: `ALTER EVENT TRIGGER ${quoteIdent(t.name)} ${ENABLE[t.enabled] ?? "ENABLE"};`, kind: "alter-event-trigger", object: key, destructive: false });
}

/** Whether the trigger would have to be created anew to become `want`. */
function changed(have: EventTriggerDef, want: EventTriggerDef): boolean {
  return have.event !== want.event || have.function !== want.function || JSON.stringify(have.tags) !== JSON.stringify(want.tags);
}

/** Event trigger steps; `droppedFunctions` are the functions the script drops (and maybe creates again). */
export function diffEventTriggers(from: SchemaModel, to: SchemaModel, droppedFunctions: ReadonlySet<FunctionKey>): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(from.eventTriggers)) {
    const have = from.eventTriggers[key]!;
    const want = to.eventTriggers[key];
    if (want && !changed(have, want) && !droppedFunctions.has(have.function)) continue;
    out.push(phased(Phase.dropTrigger, { sql: `DROP EVENT TRIGGER ${quoteIdent(have.name)};`, kind: "drop-event-trigger", object: key, destructive: false }));
  }
  for (const key of sortedKeys(to.eventTriggers)) {
    const want = to.eventTriggers[key]!;
    const have = from.eventTriggers[key];
    if (have && !changed(have, want) && !droppedFunctions.has(have.function)) {
      if (have.enabled !== want.enabled) out.push(enableStep(key, want));
      continue;
    }
    out.push(phased(Phase.createTrigger, { sql: createEventTriggerSql(want), kind: "create-event-trigger", object: key, destructive: false }));
    if (want.enabled !== "O") out.push(enableStep(key, want));
  }
  return out;
}
