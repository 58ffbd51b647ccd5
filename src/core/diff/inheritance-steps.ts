/**
 * The statements that change a table's INHERITS parents, in the order inheritance.ts explains:
 * the placeholder held first, NO INHERIT early, INHERIT once the table is in shape, the
 * placeholder let go last.
 */
import type { Held, ParentChange } from "./inheritance.ts";
import { type QualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased } from "./step.ts";

/** NO INHERIT of each removed parent, early: before the parent changes or goes, taking along what the table holds from it. */
export function noInheritSteps(key: QualifiedName, change: ParentChange): PhasedStep[] {
  return change.removed.map((p) =>
    phased(Phase.detach, { sql: `ALTER TABLE ${key} NO INHERIT ${p};`, kind: "no-inherit", object: key, destructive: false }),
  );
}

/** INHERIT of each added parent, in order, once the table's columns are in shape. */
export function inheritSteps(key: QualifiedName, change: ParentChange): PhasedStep[] {
  return change.added.map((p) =>
    phased(Phase.attach, {
      sql: `ALTER TABLE ${key} INHERIT ${p};`,
      kind: "inherit",
      object: key,
      destructive: false,
      warning: `takes ${p} as a parent of ${key}: queries on ${p} now read the rows of ${key}`,
    }),
  );
}

/** CREATE TABLE of the placeholder with the held columns and CHECK constraints, and INHERIT of it, before any NO INHERIT. */
export function holdSteps(key: QualifiedName, held: Held): PhasedStep[] {
  if (held.columns.length === 0 && held.checks.length === 0) return [];
  const holder = held.placeholder;
  const elements = [
    ...held.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.collation !== null ? ` COLLATE ${c.collation}` : ""}`),
    ...held.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`),
  ];
  const step = (sql: string, kind: string) => phased(Phase.detach, { sql, kind, object: key, destructive: false });
  return [
    step(`CREATE TABLE ${holder} (\n  ${elements.join(",\n  ")}\n);`, "hold-inherited"),
    step(`ALTER TABLE ${key} INHERIT ${holder};`, "hold-inherited"),
  ];
}

/** NO INHERIT and DROP of the placeholder, once the new parents are inherited. */
export function releaseSteps(key: QualifiedName, held: Held): PhasedStep[] {
  if (held.columns.length === 0 && held.checks.length === 0) return [];
  const holder = held.placeholder;
  const step = (sql: string) => phased(Phase.attach, { sql, kind: "release-inherited", object: key, destructive: false });
  return [step(`ALTER TABLE ${key} NO INHERIT ${holder};`), step(`DROP TABLE ${holder};`)];
}
