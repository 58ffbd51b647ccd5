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
 * Where a step runs. Session settings first; then drops of things that hold dependents (views
 * before what they read, triggers and policies before the functions and columns they use; what
 * is detached from its owner before that owner goes or changes: a kept sequence from the column it
 * is OWNED BY, a partition from its old parent; the rows of tables rebuilt to change their
 * partitioning, saved once what stays out of them is detached; foreign keys, other constraints,
 * indexes, tables, columns; then the defaults and identities that columns lose, so a sequence whose
 * name an identity takes over, or takes back, can go or come first); then creates in dependency order: types,
 * sequences, functions (bodies are not checked, so they may name tables created later), tables;
 * alterations once the types and sequences they use exist, and before new columns, since a
 * (re-added) generated column may read a column whose type changes; partitions attached once their
 * columns are in shape, and the saved rows copied back once every partition that takes them
 * exists, before the constraints and indexes that would check them row by row; foreign keys once every table
 * exists; views, triggers and policies once what they use exists; comments and grants on
 * everything; and the
 * drops of functions, sequences, types, collations (which types use), extensions and schemas
 * last, after nothing uses them. Default privileges change before anything is created, so new
 * objects get the target's: those of every schema before the schemas, those in a schema once it exists.
 */
export const Phase = {
  setup: 0,
  dropView: 1,
  dropTrigger: 2,
  dropPolicy: 3,
  detach: 4,
  saveRows: 5,
  dropForeignKey: 6,
  dropConstraint: 7,
  dropIndex: 8,
  dropTable: 9,
  dropColumn: 10,
  releaseColumn: 11,
  dropReplacedSequence: 12,
  globalDefaultPrivileges: 13,
  createSchema: 14,
  defaultPrivileges: 15,
  createExtension: 16,
  createType: 17,
  alterType: 18,
  createSequence: 19,
  createFunction: 20,
  createTable: 21,
  alterColumn: 22,
  addColumn: 23,
  attach: 24,
  copyRows: 25,
  ownSequence: 26,
  addConstraint: 27,
  createIndex: 28,
  addForeignKey: 29,
  createView: 30,
  createViewIndex: 31,
  createTrigger: 32,
  alterTrigger: 33,
  rowSecurity: 34,
  createPolicy: 35,
  comment: 36,
  grant: 37,
  dropFunction: 38,
  dropSequence: 39,
  dropType: 40,
  dropCollation: 41,
  dropExtension: 42,
  dropSchema: 43,
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

/**
 * `keys` ordered so each comes after those of its dependencies (`depsOf`) that are in `keys`,
 * ties by name; a cycle is broken where it is found.
 */
export function dependencyOrder(keys: ReadonlySet<string>, depsOf: (key: string) => readonly string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (root: string): void => {
    // Iterative depth-first search: dependency chains can be long.
    const stack: [string, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [key, expanded] = stack.pop()!;
      if (expanded) {
        state.set(key, "done");
        order.push(key);
        continue;
      }
      if (state.has(key)) continue;
      state.set(key, "visiting");
      stack.push([key, true]);
      const deps = depsOf(key).filter((d) => keys.has(d) && !state.has(d));
      for (const d of [...deps].reverse()) stack.push([d, false]);
    }
  };
  for (const key of [...keys].sort()) visit(key);
  return order;
}
