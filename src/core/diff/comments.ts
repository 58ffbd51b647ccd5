/**
 * Diff of comments. A comment is set when it differs, and also on every object the other steps
 * create or recreate: dropping an object loses its comment.
 */
import { type QualifiedName, type SchemaModel, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

/** Step kinds that leave an object without the comment it may have had. */
const CREATING: ReadonlySet<string> = new Set([
  "create-schema",
  "create-enum",
  "create-collation",
  "create-domain",
  "create-type",
  "create-range",
  "create-statistics",
  "create-rule",
  "create-sequence",
  "create-table",
  "add-column",
  "add-constraint",
  "create-index",
  "create-trigger",
  "create-view",
  "create-materialized-view",
  "create-function",
  "create-event-trigger",
]);

/** `family object` of each step that (re)creates an object, as `createdKey` spells it (`object "s"."t"` for whole objects). */
export function createdObjects(steps: readonly PhasedStep[]): Set<string> {
  const out = new Set<string>();
  for (const { step } of steps) if (CREATING.has(step.kind)) out.add(createdKey(step.kind, step.object));
  return out;
}

/** Columns and constraints share the `"s"."t"."x"` form, so the key keeps which one it is. */
function createdKey(kind: string, object: string): string {
  const family = kind === "add-column" ? "column" : kind === "add-constraint" ? "constraint" : kind === "create-trigger" ? "trigger" : kind === "create-index" ? "index" : "object";
  return `${family} ${object}`;
}

/** Comment steps turning the comments of `from` into those of `to`; `created` from `createdObjects`. */
export function diffComments(from: SchemaModel, to: SchemaModel, created: ReadonlySet<string>): PhasedStep[] {
  const out: PhasedStep[] = [];
  const consider = (target: string, family: string, object: string, want: string | null, have: string | null | undefined) => {
    const recreated = have === undefined || created.has(`${family} ${object}`);
    const before = recreated ? null : have;
    if (want === before) return;
    out.push(phased(Phase.comment, { sql: `COMMENT ON ${target} IS ${want === null ? "NULL" : quoteLiteral(want)};`, kind: "comment", object, destructive: false }));
  };
  for (const name of sortedKeys(to.schemas)) consider(`SCHEMA ${quoteIdent(name)}`, "object", name, to.schemas[name]!.comment, from.schemas[name]?.comment);
  for (const key of sortedKeys(to.collations)) consider(`COLLATION ${key}`, "object", key, to.collations[key]!.comment, from.collations[key]?.comment);
  for (const key of sortedKeys(to.enums)) consider(`TYPE ${key}`, "object", key, to.enums[key]!.comment, from.enums[key]?.comment);
  for (const key of sortedKeys(to.compositeTypes)) consider(`TYPE ${key}`, "object", key, to.compositeTypes[key]!.comment, from.compositeTypes[key]?.comment);
  for (const key of sortedKeys(to.rules)) {
    const r = to.rules[key]!;
    consider(`RULE ${quoteIdent(r.name)} ON ${r.relation}`, "object", key, r.comment, from.rules[key]?.comment);
  }
  for (const key of sortedKeys(to.statistics)) consider(`STATISTICS ${key}`, "object", key, to.statistics[key]!.comment, from.statistics[key]?.comment);
  for (const key of sortedKeys(to.rangeTypes)) consider(`TYPE ${key}`, "object", key, to.rangeTypes[key]!.comment, from.rangeTypes[key]?.comment);
  for (const key of sortedKeys(to.domains)) consider(`DOMAIN ${key}`, "object", key, to.domains[key]!.comment, from.domains[key]?.comment);
  for (const key of sortedKeys(to.sequences)) consider(`SEQUENCE ${key}`, "object", key, to.sequences[key]!.comment, from.sequences[key]?.comment);
  for (const key of sortedKeys(to.functions)) {
    const f = to.functions[key]!;
    // COMMENT ON FUNCTION names aggregates too, `()` for one without arguments.
    consider(`${f.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${key}`, "object", key, f.comment, from.functions[key]?.comment);
  }
  for (const key of sortedKeys(to.eventTriggers)) consider(`EVENT TRIGGER ${key}`, "object", key, to.eventTriggers[key]!.comment, from.eventTriggers[key]?.comment);
  for (const key of sortedKeys(to.views)) {
    const v = to.views[key]!;
    consider(`VIEW ${key}`, "object", key, v.comment, from.views[key]?.comment);
    for (const name of sortedKeys(v.triggers)) {
      const object = `${key}.${quoteIdent(name)}`;
      consider(`TRIGGER ${quoteIdent(name)} ON ${key}`, "trigger", object, v.triggers[name]!.comment, from.views[key]?.triggers[name]?.comment);
    }
  }
  for (const key of sortedKeys(to.materializedViews)) {
    const v = to.materializedViews[key]!;
    const old = from.materializedViews[key];
    consider(`MATERIALIZED VIEW ${key}`, "object", key, v.comment, old?.comment);
    for (const name of sortedKeys(v.indexes)) {
      const object = `${quoteIdent(v.schema)}.${quoteIdent(name)}`;
      consider(`INDEX ${object}`, "index", object, v.indexes[name]!.comment, created.has(`object ${key}`) ? undefined : old?.indexes[name]?.comment);
    }
  }
  for (const key of sortedKeys(to.tables)) tableComments(key, to, from, created, consider);
  return out;
}

function tableComments(
  key: QualifiedName,
  to: SchemaModel,
  from: SchemaModel,
  created: ReadonlySet<string>,
  consider: (target: string, family: string, object: string, want: string | null, have: string | null | undefined) => void,
): void {
  const t = to.tables[key]!;
  const old = created.has(`object ${key}`) ? undefined : from.tables[key];
  consider(`TABLE ${key}`, "object", key, t.comment, from.tables[key]?.comment);
  for (const c of t.columns) {
    // A column that only exists through a parent carries the parent's comment.
    if (!c.local) continue;
    const object = `${key}.${quoteIdent(c.name)}`;
    consider(`COLUMN ${object}`, "column", object, c.comment, old ? (old.columns.find((x) => x.name === c.name)?.comment ?? undefined) : undefined);
  }
  for (const name of sortedKeys(t.constraints)) {
    const c = t.constraints[name]!;
    if (!c.local) continue;
    const object = `${key}.${quoteIdent(name)}`;
    consider(`CONSTRAINT ${quoteIdent(name)} ON ${key}`, "constraint", object, c.comment, old?.constraints[name]?.comment);
  }
  for (const name of sortedKeys(t.indexes)) {
    const i = t.indexes[name]!;
    // Indexes behind constraints share the constraint's life; those attached to a parent's index come with it.
    if (i.partitionOf !== null) continue;
    const object = `${quoteIdent(t.schema)}.${quoteIdent(name)}`;
    const recreatedWithConstraint = i.constraint !== null && created.has(`constraint ${key}.${quoteIdent(i.constraint)}`);
    consider(`INDEX ${object}`, "index", object, i.comment, recreatedWithConstraint ? undefined : old?.indexes[name]?.comment);
  }
  for (const name of sortedKeys(t.triggers)) {
    const object = `${key}.${quoteIdent(name)}`;
    consider(`TRIGGER ${quoteIdent(name)} ON ${key}`, "trigger", object, t.triggers[name]!.comment, old?.triggers[name]?.comment);
  }
}
