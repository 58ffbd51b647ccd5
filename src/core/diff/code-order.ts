/**
 * Dependency order of code objects inside a phase. Each diff module emits its steps in a fixed
 * phase, but within a phase a domain may rest on another domain, a function may take a domain or
 * return a composite, a SQL-standard body may read a view that calls another function: those are
 * created after what they use and dropped before it. The graph comes from the models (pg_depend
 * read by introspection, and the type names of domains and composite types).
 */
import { formattedTypeName } from "./enums.ts";
import type { QualifiedName, SchemaModel } from "./model.ts";
import { Phase, type PhasedStep } from "./step.ts";

/** What each domain, composite type, function, view and materialized view of `m` uses, by the keys steps name them with. */
export function codeDependencies(m: SchemaModel): Map<string, readonly string[]> {
  const deps = new Map<string, readonly string[]>();
  const typeKey = userTypeKeys(m);
  for (const [key, d] of Object.entries(m.domains)) deps.set(key, [...typeKeysIn([d.baseType], typeKey), ...d.functionsUsed]);
  for (const [key, t] of Object.entries(m.compositeTypes)) deps.set(key, typeKeysIn(t.attributes.map((a) => a.type), typeKey));
  for (const [key, f] of Object.entries(m.functions)) deps.set(key, [...f.typesUsed, ...f.functionsUsed, ...f.dependsOn]);
  for (const [key, v] of [...Object.entries(m.views), ...Object.entries(m.materializedViews)]) deps.set(key, [...v.dependsOn, ...v.functionsUsed]);
  return deps;
}

/** Enum, domain, composite and range type keys by the name format_type prints for them (a multirange by its range's key). */
function userTypeKeys(m: SchemaModel): Map<string, QualifiedName> {
  const out = new Map<string, QualifiedName>();
  for (const [key, t] of [...Object.entries(m.enums), ...Object.entries(m.domains), ...Object.entries(m.compositeTypes)]) out.set(formattedTypeName(t.schema, t.name), key);
  for (const [key, r] of Object.entries(m.rangeTypes)) out.set(formattedTypeName(r.schema, r.name), key).set(formattedTypeName(r.multirange.schema, r.multirange.name), key);
  return out;
}

/** The enum, domain and composite type keys among `types` (format_type texts), arrays read as their element. */
function typeKeysIn(types: readonly string[], typeKey: ReadonlyMap<string, QualifiedName>): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (const t of types) {
    const bracket = t.indexOf("[");
    const key = typeKey.get(bracket < 0 ? t : t.slice(0, bracket));
    if (key !== undefined) out.push(key);
  }
  return out;
}

/**
 * Domains and composite types that wait for functions: a domain whose CHECK or default calls one,
 * and every domain or composite type built on such a type. They are created once the functions
 * exist and dropped before them.
 */
export function typesAfterFunctions(m: SchemaModel): Set<QualifiedName> {
  const deps = codeDependencies(m);
  const late = new Set<QualifiedName>();
  const isType = (k: string) => m.domains[k] !== undefined || m.compositeTypes[k] !== undefined;
  const visit = (key: QualifiedName, seen: Set<string>): boolean => {
    if (late.has(key)) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    const uses = deps.get(key) ?? [];
    if ((m.domains[key]?.functionsUsed.length ?? 0) > 0 || uses.some((u) => isType(u) && visit(u, seen))) {
      late.add(key);
      return true;
    }
    return false;
  };
  for (const key of [...Object.keys(m.domains), ...Object.keys(m.compositeTypes)]) visit(key, new Set());
  return late;
}

const isDropPhase = (p: number): boolean => p <= Phase.dropColumn || p >= Phase.dropFunction;

/**
 * `steps` with each phase's steps reordered by dependency, otherwise in emission order: in a
 * create phase an object's steps come after those of the objects it uses (`to`'s graph), in a drop
 * phase after those of the objects that use it (`from`'s graph).
 */
export function inDependencyOrder(steps: readonly PhasedStep[], from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const creates = codeDependencies(to);
  const dropDeps = codeDependencies(from);
  const users = groupBy([...dropDeps].flatMap(([key, uses]) => uses.map((u) => [u, key] as const)), ([u]) => u);
  const byPhase = groupBy(steps, (s) => s.phase);
  const out: PhasedStep[] = [];
  for (const [phase, list] of byPhase) {
    out.push(...reorder(list, isDropPhase(phase) ? (k) => (users.get(k) ?? []).map(([, user]) => user) : (k) => creates.get(k) ?? []));
  }
  return out;
}

/** `items` grouped by `keyOf`, each group in the order of `items`, groups in the order of their first item. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = out.get(key);
    if (group) group.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** The steps in emission order, except that the steps of the objects `first(object)` names are pulled before any step of `object`. */
function reorder(list: readonly PhasedStep[], first: (object: string) => readonly string[]): PhasedStep[] {
  const byObject = groupBy(list, (s) => s.step.object);
  const done = new Set<PhasedStep>();
  const out: PhasedStep[] = [];
  const visiting = new Set<string>();
  const visit = (s: PhasedStep): void => {
    if (done.has(s)) return;
    const object = s.step.object;
    if (!visiting.has(object)) {
      // A cycle is broken where it is found, as dependencyOrder does.
      visiting.add(object);
      for (const d of first(object)) for (const t of byObject.get(d) ?? []) if (d !== object) visit(t);
      visiting.delete(object);
    }
    done.add(s);
    out.push(s);
  };
  for (const s of list) visit(s);
  return out;
}
