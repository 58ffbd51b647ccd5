/**
 * Diff of functions and procedures. Each is keyed by name and identity arguments, so an overload
 * with other arguments is another object. A changed body is `CREATE OR REPLACE`d; a change
 * PostgreSQL refuses to replace (return type, parameter names or defaults) drops and recreates it.
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
 * The parts of `pg_get_functiondef` that CREATE OR REPLACE cannot change: the first line (name,
 * parameter names, modes and defaults) and the RETURNS line.
 */
function signature(f: FunctionDef): string {
  const lines = f.definition.split("\n");
  const returns = lines.find((l) => /^\s*RETURNS\s/.test(l)) ?? "";
  return `${f.kind}\n${lines[0] ?? ""}\n${returns.trim()}`;
}

function dropStep(key: FunctionKey, f: FunctionDef, phase: Phase, destructive: boolean, warning: string): PhasedStep {
  return phased(phase, { sql: `DROP ${f.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${key};`, kind: "drop-function", object: key, destructive, warning });
}

/** Functions whose old definition cannot be replaced in place: they are dropped and created again. */
export function recreatedFunctions(from: Functions, to: Functions): FunctionKey[] {
  return sortedKeys(to).filter((k) => from[k] !== undefined && from[k]!.definition !== to[k]!.definition && signature(from[k]!) !== signature(to[k]!));
}

/**
 * Kept functions with a SQL-standard body that reads a table whose columns change, or that take,
 * return or read a type recreated under its name (`movedTypes`): PostgreSQL
 * refuses the change while they exist, or they would hold on to the old type, so they are dropped
 * before it and created again after.
 */
export function functionsAroundColumnChanges(from: Functions, to: Functions, rebuiltTables: ReadonlySet<QualifiedName>, movedTypes: ReadonlySet<QualifiedName> = new Set()): FunctionKey[] {
  return sortedKeys(to).filter(
    (k) => from[k] !== undefined && to[k]!.kind !== "aggregate" && (from[k]!.dependsOn.some((d) => rebuiltTables.has(d)) || from[k]!.typesUsed.some((t) => movedTypes.has(t))),
  );
}

/**
 * Steps for functions and procedures (aggregates are reported as unsupported instead);
 * `lateTypes` are the domains and composite types created once functions exist (see
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
    if (want.kind === "aggregate" || have?.definition === want.definition) continue;
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
  const gone = new Set(sortedKeys(from).filter((k) => !to[k] && from[k]!.kind !== "aggregate" && !handledWithRanges.has(k)));
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
