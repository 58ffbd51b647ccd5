/**
 * One step of a schema diff, and the phases that order steps. The diff emits steps tagged with a
 * phase, then a stable sort by phase gives the final order: creates before use, drops in reverse.
 */

/** One DDL statement of a diff, with what it touches and whether it can lose data. */
export interface DiffStep {
  /** One complete statement, ending with `;`. */
  readonly sql: string;
  /** What the step does, e.g. `create-table`, `drop-column`, `alter-column`. */
  readonly kind: string;
  /** Qualified name of the object: `"s"."t"`; columns and constraints as `"s"."t"."c"`; schemas and extensions bare. */
  readonly object: string;
  /** True when applying the step can lose data or cannot be undone from the target schema alone. */
  readonly destructive: boolean;
  /** Set on every destructive step, and on steps that take heavy locks or have caveats. */
  readonly warning?: string;
}

/**
 * Where a step runs. Drops of things that hold dependents come first (foreign keys, then other
 * constraints, indexes, tables, columns); then creates in dependency order; alterations once the
 * types and sequences they use exist, and before new columns, since a (re-added) generated column
 * may read a column whose type changes; foreign keys once every table exists; and the drops of
 * sequences, types, extensions and schemas last, after nothing uses them any more.
 */
export const Phase = {
  dropForeignKey: 0,
  dropConstraint: 1,
  dropIndex: 2,
  dropTable: 3,
  dropColumn: 4,
  createSchema: 5,
  createExtension: 6,
  createType: 7,
  createSequence: 8,
  createTable: 9,
  alterColumn: 10,
  addColumn: 11,
  ownSequence: 12,
  addConstraint: 13,
  createIndex: 14,
  addForeignKey: 15,
  dropSequence: 16,
  dropType: 17,
  dropExtension: 18,
  dropSchema: 19,
} as const;

export type Phase = (typeof Phase)[keyof typeof Phase];

/** A step waiting to be ordered. */
export interface PhasedStep {
  readonly phase: Phase;
  readonly step: DiffStep;
}

/** Tags `step` with `phase`; drops `warning` when it is undefined so steps compare cleanly. */
export function phased(phase: Phase, step: DiffStep): PhasedStep {
  const { warning, ...rest } = step;
  return { phase, step: warning === undefined ? rest : { ...rest, warning } };
}

/** The steps in phase order, keeping emission order within a phase. */
export function orderSteps(steps: readonly PhasedStep[]): DiffStep[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.phase - b.s.phase || a.i - b.i)
    .map(({ s }) => s.step);
}

export { quoteLiteral } from "../sql-quote.ts";

/** The keys of `record`, sorted by code point so output never depends on a locale. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
