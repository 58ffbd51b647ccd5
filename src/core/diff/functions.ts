/**
 * Diff of functions, procedures and aggregates. Each is keyed by name and identity arguments, so an
 * overload with other arguments is another object. A changed body is `CREATE OR REPLACE`d; a change
 * PostgreSQL refuses to replace (return type, parameter names or defaults; an aggregate's kind or
 * number of direct arguments) drops and recreates it.
 */
import type { FunctionDef, FunctionKey, QualifiedName, SchemaModel } from "./model.ts";
import { dependencyOrder, Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Functions = SchemaModel["functions"];

/** `pg_get_functiondef` text without trailing white space, ending in `;`. */
function createSql(f: FunctionDef): string {
  const text = f.definition.trimEnd();
  return text.endsWith(";") ? text : `${text};`;
}

/**
 * The parts of the definition that CREATE OR REPLACE cannot change: the first line (name,
 * parameter names, modes and defaults; an aggregate's `ORDER BY`, which places its direct
 * arguments), the RETURNS line, the result type, and whether an aggregate is hypothetical.
 */
function signature(f: FunctionDef): string {
  const lines = f.definition.split("\n");
  const returns = lines.find((l) => /^\s*RETURNS\s/.test(l)) ?? "";
  const hypothetical = f.kind === "aggregate" && lines.some((l) => /^\s*HYPOTHETICAL,?$/.test(l));
  return `${f.kind}\n${lines[0] ?? ""}\n${returns.trim()}\n${f.result}\n${hypothetical}`;
}

/** `DROP FUNCTION`, `DROP PROCEDURE` or `DROP AGGREGATE`, which spells no arguments `(*)`. */
function dropSql(key: FunctionKey, f: FunctionDef): string {
  if (f.kind === "aggregate") return `DROP AGGREGATE ${key.endsWith("()") ? `${key.slice(0, -2)}(*)` : key};`;
  return `DROP ${f.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${key};`;
}

function dropStep(key: FunctionKey, f: FunctionDef, phase: Phase, destructive: boolean, warning: string): PhasedStep {
  return phased(phase, { sql: dropSql(key, f), kind: "drop-function", object: key, destructive, warning });
}

/**
 * `keys` with the aggregates kept on both sides that use one of them (a state, final or other
 * support function), and so on: PostgreSQL refuses to drop a function an aggregate uses, so the
 * aggregate goes and comes back with it.
 */
function withAggregatesOver(keys: readonly FunctionKey[], from: Functions, to: Functions): FunctionKey[] {
  const out = new Set(keys);
  let grew = true;
  while (grew) {
    grew = false;
    for (const k of sortedKeys(to)) {
      const f = from[k];
      if (out.has(k) || f?.kind !== "aggregate" || !f.functionsUsed.some((u) => out.has(u))) continue;
      out.add(k);
      grew = true;
    }
  }
  return [...out].sort();
}

/** Functions whose old definition cannot be replaced in place: they are dropped and created again. */
export function recreatedFunctions(from: Functions, to: Functions): FunctionKey[] {
  const changed = sortedKeys(to).filter((k) => from[k] !== undefined && from[k]!.definition !== to[k]!.definition && signature(from[k]!) !== signature(to[k]!));
  return withAggregatesOver(changed, from, to);
}

/**
 * Kept functions with a SQL-standard body that reads a table whose columns change, or that take,
 * return or read a type recreated under its name (`movedTypes`): PostgreSQL
 * refuses the change while they exist, or they would hold on to the old type, so they are dropped
 * before it and created again after.
 */
export function functionsAroundColumnChanges(from: Functions, to: Functions, rebuiltTables: ReadonlySet<QualifiedName>, movedTypes: ReadonlySet<QualifiedName> = new Set()): FunctionKey[] {
  const reading = sortedKeys(to).filter(
    (k) => from[k] !== undefined && (from[k]!.dependsOn.some((d) => rebuiltTables.has(d)) || from[k]!.typesUsed.some((t) => movedTypes.has(t))),
  );
  return withAggregatesOver(reading, from, to);
}

/**
 * Steps for functions, procedures and aggregates (created after the functions they use, dropped
 * before them); `lateTypes` are the domains and composite types created once functions exist (see
 * `typesAfterFunctions`): a function that takes or returns one is created after them.
 * `movedTypes` the domains and composite types recreated under their names (see
 * `functionsAroundColumnChanges`); `handledWithRanges` are CANONICAL functions that the range steps drop (with their range type's
 * DROP … CASCADE) and make again (see `functionsHandledWithRanges`).
 */
export function diffFunctions(
  fromModel: SchemaModel,
  toModel: SchemaModel,
  rebuiltTables: ReadonlySet<QualifiedName>,
  lateTypes: ReadonlySet<QualifiedName>,
  handledWithRanges: ReadonlySet<FunctionKey> = new Set(),
  movedTypes: ReadonlySet<QualifiedName> = new Set(),
): PhasedStep[] {
  const from = fromModel.functions;
  const to = toModel.functions;
  const isView = (k: QualifiedName) => fromModel.views[k] !== undefined || fromModel.materializedViews[k] !== undefined;
  // A body that reads a view goes with the views, before them.
  const earlyDrop = (f: FunctionDef): Phase => (f.dependsOn.some(isView) ? Phase.dropView : Phase.dropIndex);
  // Sequences are created before functions and dropped after them: only tables and views pin a body.
  const readsRelations = (f: FunctionDef, m: SchemaModel): boolean => f.dependsOn.some((d) => m.sequences[d] === undefined);
  const out: PhasedStep[] = [];
  const recreated = new Set(recreatedFunctions(from, to));
  const around = new Set(functionsAroundColumnChanges(from, to, rebuiltTables, movedTypes));
  let creates = 0;
  // Where each function is created: a SQL-standard body is analysed then, so what it calls comes first.
  const createdIn = new Map<FunctionKey, Phase>();
  const calledFirst = (f: FunctionDef): boolean => f.functionsUsed.some((u) => createdIn.get(u) === Phase.createView);
  for (const key of dependencyOrder(new Set(sortedKeys(to)), (k) => to[k]!.functionsUsed)) {
    const want = to[key]!;
    const have = from[key];
    if (handledWithRanges.has(key)) continue;
    if (have && around.has(key)) {
      // Dropped after the views and triggers that use it, created again after the column changes.
      out.push(dropStep(key, have, earlyDrop(have), false, `drops and recreates ${key} around the changes to the columns its body reads`));
      out.push(phased(Phase.createView, { sql: createSql(want), kind: "create-function", object: key, destructive: false }));
      createdIn.set(key, Phase.createView);
      creates++;
      continue;
    }
    // An unchanged aggregate is recreated when a function it uses is.
    if (have?.definition === want.definition && !recreated.has(key)) continue;
    if (have && recreated.has(key)) {
      out.push(dropStep(key, have, earlyDrop(have), false, `drops and recreates ${key}: its return type or parameters changed in a way CREATE OR REPLACE refuses`));
    }
    creates++;
    // A SQL-standard body is analysed when created: the tables it reads, and the functions it
    // calls that wait for tables, must exist by then.
    const phase = readsRelations(want, toModel) || calledFirst(want) ? Phase.createView : want.typesUsed.some((t) => lateTypes.has(t)) ? Phase.createTable : Phase.createFunction;
    createdIn.set(key, phase);
    out.push(phased(phase, { sql: createSql(want), kind: have && !recreated.has(key) ? "replace-function" : "create-function", object: key, destructive: false }));
  }
  // Dropped in reverse dependency order: the callers first.
  const gone = new Set(sortedKeys(from).filter((k) => !to[k] && !handledWithRanges.has(k)));
  const droppedIn = new Map<FunctionKey, Phase>();
  for (const key of dependencyOrder(gone, (k) => from[k]!.functionsUsed).reverse()) {
    const have = from[key]!;
    // A SQL-standard body holds on to the tables it reads: it goes before them, unless a caller
    // dropped with the functions still needs it.
    const callers = [...gone].filter((k) => from[k]!.functionsUsed.includes(key));
    const early = readsRelations(have, fromModel) && callers.every((k) => droppedIn.get(k) !== Phase.dropFunction);
    const phase = early ? earlyDrop(have) : Phase.dropFunction;
    droppedIn.set(key, phase);
    out.push(dropStep(key, have, phase, true, `drops ${have.kind} ${key}`));
  }
  if (creates > 0) {
    // Bodies may name tables and views created later in the script, as in pg_dump's output.
    out.unshift(phased(Phase.setup, { sql: "SET LOCAL check_function_bodies = false;", kind: "set", object: "check_function_bodies", destructive: false }));
  }
  return out;
}
