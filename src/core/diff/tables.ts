/** Diff of tables: create and drop whole tables, and columns, constraints and indexes of kept ones. */
import { type ConstraintDef, type IndexDef, type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { alterColumnSteps, columnSql, needsReplace } from "./columns.ts";
import { replicaIdentitySteps } from "./replica-identity.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** Constraints declared on the table itself; clones from a parent come back with the parent. */
export function ownConstraints(t: TableDef): ConstraintDef[] {
  return sortedKeys(t.constraints)
    .map((name) => t.constraints[name]!)
    .filter((c) => c.local);
}

/** Indexes created on their own: not backing a constraint, not attached to a partitioned parent's index. */
export function ownIndexes(t: TableDef): Record<string, IndexDef> {
  const out: Record<string, IndexDef> = {};
  for (const name of sortedKeys(t.indexes)) {
    const i = t.indexes[name]!;
    if (i.constraint === null && i.partitionOf === null) out[name] = i;
  }
  return out;
}

/** Number of partition or inheritance ancestors within `tables`, so parents are created first and dropped last. */
function depth(tables: Tables, key: QualifiedName, seen: ReadonlySet<QualifiedName> = new Set()): number {
  const t = tables[key];
  if (!t || seen.has(key)) return 0;
  const parents = [...(t.partitionOf ? [t.partitionOf.parent] : []), ...t.inherits];
  const next = new Set(seen).add(key);
  return parents.reduce((d, p) => Math.max(d, 1 + depth(tables, p, next)), 0);
}

/** Keys sorted by depth, then by name. */
function byDepth(tables: Tables, keys: readonly QualifiedName[]): QualifiedName[] {
  const d = new Map(keys.map((k) => [k, depth(tables, k)]));
  return [...keys].sort((a, b) => d.get(a)! - d.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
}

function constraintObject(table: QualifiedName, c: ConstraintDef): string {
  return `${table}.${quoteIdent(c.name)}`;
}

function indexObject(t: TableDef, i: IndexDef): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(i.name)}`;
}

/** ADD CONSTRAINT; `existing` says the table already has rows, so validation scans them under lock. */
function addConstraint(table: QualifiedName, c: ConstraintDef, existing: boolean): PhasedStep {
  const fk = c.kind === "foreignKey";
  const scans = existing && !c.notValid && (fk || c.kind === "check");
  return phased(fk ? Phase.addForeignKey : Phase.addConstraint, {
    sql: `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`,
    kind: "add-constraint",
    object: constraintObject(table, c),
    destructive: false,
    warning: scans ? `validates every row of ${table} while holding a lock; adding it NOT VALID and validating later avoids that` : undefined,
  });
}

function dropConstraint(table: QualifiedName, c: ConstraintDef): PhasedStep {
  return phased(c.kind === "foreignKey" ? Phase.dropForeignKey : Phase.dropConstraint, {
    sql: `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(c.name)};`,
    kind: "drop-constraint",
    object: constraintObject(table, c),
    destructive: false,
  });
}

/** Matches the `ON ONLY` pg_get_indexdef prints for an index on a partitioned table. */
const ON_ONLY = /^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+)) ON ONLY /;

function createIndex(table: QualifiedName, t: TableDef, i: IndexDef, existing: boolean): PhasedStep {
  // ON ONLY would leave the partitions without the index; without it PostgreSQL creates and attaches theirs.
  const definition = t.partitionKey !== null ? i.definition.replace(ON_ONLY, "$1 ON ") : i.definition;
  return phased(Phase.createIndex, {
    sql: `${definition};`,
    kind: "create-index",
    object: indexObject(t, i),
    destructive: false,
    warning: existing ? `blocks writes to ${table} while the index builds` : undefined,
  });
}

function dropIndex(t: TableDef, i: IndexDef): PhasedStep {
  const object = indexObject(t, i);
  return phased(Phase.dropIndex, { sql: `DROP INDEX ${object};`, kind: "drop-index", object, destructive: false });
}

/**
 * CREATE TABLE with its own columns and the constraints that can be inline. NOT VALID constraints
 * are added afterwards, since PostgreSQL validates (and forgets NOT VALID on) constraints given in
 * CREATE TABLE; foreign keys wait until every table exists.
 */
function createTable(key: QualifiedName, t: TableDef): PhasedStep[] {
  const constraints = ownConstraints(t);
  const inline = constraints.filter((c) => c.kind !== "foreignKey" && !c.notValid);
  const elements = [
    ...t.columns.filter((c) => c.local).map(columnSql),
    ...inline.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`),
  ];
  const body = elements.length > 0 ? ` (\n  ${elements.join(",\n  ")}\n)` : t.partitionOf ? "" : " ()";
  let sql = `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${key}`;
  sql += t.partitionOf ? ` PARTITION OF ${t.partitionOf.parent}${body} ${t.partitionOf.bound}` : body;
  if (t.inherits.length > 0) sql += ` INHERITS (${t.inherits.join(", ")})`;
  if (t.partitionKey !== null) sql += ` PARTITION BY ${t.partitionKey}`;
  if (t.options.length > 0) sql += ` WITH (${t.options.join(", ")})`;
  const out = [phased(Phase.createTable, { sql: `${sql};`, kind: "create-table", object: key, destructive: false })];
  for (const c of constraints) if (!inline.includes(c)) out.push(addConstraint(key, c, false));
  const indexes = ownIndexes(t);
  for (const name of sortedKeys(indexes)) out.push(createIndex(key, t, indexes[name]!, false));
  out.push(...replicaIdentitySteps(key, undefined, t));
  return out;
}

/** Drops the table's own foreign keys first, so tables that reference each other can go in any order. */
function dropTable(key: QualifiedName, t: TableDef): PhasedStep[] {
  const fks = ownConstraints(t).filter((c) => c.kind === "foreignKey");
  return [
    ...fks.map((c) => dropConstraint(key, c)),
    phased(Phase.dropTable, {
      sql: `DROP TABLE ${key};`,
      kind: "drop-table",
      object: key,
      destructive: true,
      warning: `drops table ${key} and its data`,
    }),
  ];
}

/** SET LOGGED/UNLOGGED and storage parameter changes; both rewrite or lock the table. */
function tableSettingSteps(key: QualifiedName, have: TableDef, want: TableDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  const alter = (action: string, warning?: string) =>
    out.push(phased(Phase.alterColumn, { sql: `ALTER TABLE ${key} ${action};`, kind: "alter-table", object: key, destructive: false, warning }));
  if (have.unlogged !== want.unlogged) {
    alter(want.unlogged ? "SET UNLOGGED" : "SET LOGGED", `rewrites ${key} under an ACCESS EXCLUSIVE lock`);
  }
  const optionName = (o: string) => o.split("=", 1)[0]!;
  const wanted = new Set(want.options.map(optionName));
  const reset = have.options.map(optionName).filter((n) => !wanted.has(n));
  const set = want.options.filter((o) => !have.options.includes(o));
  if (reset.length > 0) alter(`RESET (${reset.join(", ")})`);
  if (set.length > 0) alter(`SET (${set.join(", ")})`);
  return out;
}

/**
 * A partition whose bounds or parent change: DETACH from the old parent before anything is
 * dropped, ATTACH to the new one once its columns and constraints are in shape and before the
 * parent's new indexes (which then reach it). ATTACH scans the partition under lock to check its
 * bound unless a CHECK constraint already implies it.
 */
function repartitionSteps(key: QualifiedName, have: TableDef, want: TableDef): PhasedStep[] {
  if (have.partitionOf === null || want.partitionOf === null) return [];
  if (have.partitionOf.parent === want.partitionOf.parent && have.partitionOf.bound === want.partitionOf.bound) return [];
  return [
    phased(Phase.detach, { sql: `ALTER TABLE ${have.partitionOf.parent} DETACH PARTITION ${key};`, kind: "detach-partition", object: key, destructive: false }),
    phased(Phase.addConstraint, {
      sql: `ALTER TABLE ${want.partitionOf.parent} ATTACH PARTITION ${key} ${want.partitionOf.bound};`,
      kind: "attach-partition",
      object: key,
      destructive: false,
      warning: `scans ${key} to check its rows against the new bound, and fails if a row falls outside it`,
    }),
  ];
}

/** Setting, column, constraint and index steps for a table present on both sides. */
function alterTable(key: QualifiedName, have: TableDef, want: TableDef, enums: ReadonlySet<string>): PhasedStep[] {
  return [
    ...repartitionSteps(key, have, want),
    ...tableSettingSteps(key, have, want),
    ...columnSteps(key, have, want, enums),
    ...constraintSteps(key, have, want),
    ...indexSteps(key, have, want),
    ...replicaIdentitySteps(key, have, want),
  ];
}

/** Drops the columns that go (or must be re-added), then alters or adds the wanted ones. */
function columnSteps(key: QualifiedName, have: TableDef, want: TableDef, enums: ReadonlySet<string>): PhasedStep[] {
  const out: PhasedStep[] = [];
  const haveColumns = new Map(have.columns.filter((c) => c.local).map((c) => [c.name, c]));
  const wantColumns = new Map(want.columns.filter((c) => c.local).map((c) => [c.name, c]));
  for (const [name, c] of haveColumns) {
    const next = wantColumns.get(name);
    if (next && !needsReplace(c, next)) continue;
    const object = `${key}.${quoteIdent(name)}`;
    out.push(
      phased(Phase.dropColumn, {
        sql: `ALTER TABLE ${key} DROP COLUMN ${quoteIdent(name)};`,
        kind: "drop-column",
        object,
        destructive: true,
        warning: next ? `drops and re-adds ${object} to change its generated expression` : `drops column ${object} and its data`,
      }),
    );
  }
  for (const [name, c] of wantColumns) {
    const prev = haveColumns.get(name);
    if (prev && !needsReplace(prev, c)) {
      out.push(...alterColumnSteps(key, prev, c, enums));
      continue;
    }
    const object = `${key}.${quoteIdent(name)}`;
    const warning = c.notNull && c.default === null && c.identity === null && c.generated === null
      ? `fails if ${key} has rows, since ${object} is NOT NULL without a default`
      : undefined;
    out.push(
      phased(Phase.addColumn, { sql: `ALTER TABLE ${key} ADD COLUMN ${columnSql(c)};`, kind: "add-column", object, destructive: false, warning }),
    );
  }
  return out;
}

/** Drops changed constraints and adds the new versions; a NOT VALID constraint that became valid is only validated. */
function constraintSteps(key: QualifiedName, have: TableDef, want: TableDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  const haveConstraints = new Map(ownConstraints(have).map((c) => [c.name, c]));
  const wantConstraints = new Map(ownConstraints(want).map((c) => [c.name, c]));
  for (const [name, c] of haveConstraints) {
    const next = wantConstraints.get(name);
    if (next?.definition === c.definition) continue;
    if (next && c.notValid && !next.notValid && c.definition === `${next.definition} NOT VALID`) continue;
    out.push(dropConstraint(key, c));
  }
  for (const [name, c] of wantConstraints) {
    const prev = haveConstraints.get(name);
    if (prev?.definition === c.definition) continue;
    if (prev && prev.notValid && !c.notValid && prev.definition === `${c.definition} NOT VALID`) {
      out.push(
        phased(c.kind === "foreignKey" ? Phase.addForeignKey : Phase.addConstraint, {
          sql: `ALTER TABLE ${key} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
          kind: "validate-constraint",
          object: constraintObject(key, c),
          destructive: false,
        }),
      );
      continue;
    }
    out.push(addConstraint(key, c, true));
  }
  return out;
}

/** The names of the columns of `have` that are dropped and added again (see `needsReplace`). */
function replacedColumns(have: TableDef, want: TableDef): Set<string> {
  const next = new Map(want.columns.filter((c) => c.local).map((c) => [c.name, c]));
  return new Set(have.columns.filter((c) => c.local && next.has(c.name) && needsReplace(c, next.get(c.name)!)).map((c) => c.name));
}

/**
 * Drops indexes whose definition changed or that go, and creates the new ones. An index that reads
 * a column dropped and added again goes with the column, so it is recreated too.
 */
function indexSteps(key: QualifiedName, have: TableDef, want: TableDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  const haveIndexes = ownIndexes(have);
  const wantIndexes = ownIndexes(want);
  const replaced = replacedColumns(have, want);
  const same = (name: string): boolean =>
    wantIndexes[name]?.definition === haveIndexes[name]?.definition && !haveIndexes[name]!.columns.some((c) => replaced.has(c));
  for (const name of sortedKeys(haveIndexes)) {
    if (same(name)) continue;
    // An index the parent's new index adopts stays (see attachedIndexSteps).
    const adopted = want.indexes[name];
    if (adopted?.partitionOf != null && adopted.constraint === null && adopted.definition === haveIndexes[name]!.definition) continue;
    out.push(dropIndex(have, haveIndexes[name]!));
  }
  for (const name of sortedKeys(wantIndexes)) {
    if (!haveIndexes[name] || !same(name)) out.push(createIndex(key, want, wantIndexes[name]!, true));
  }
  return out;
}

/**
 * NOT NULL and DEFAULT of a partition's columns where they are its own (`PARTITION OF … (col NOT
 * NULL)`). A partition copies them from its parent when created, and the parent's SET/DROP
 * DEFAULT and NOT NULL reach it; so a column starts from the parent's wanted state when the
 * partition is new or the parent's column changes, and from its own otherwise.
 */
function partitionColumnSteps(key: QualifiedName, have: TableDef | undefined, want: TableDef, from: Tables, to: Tables, enums: ReadonlySet<string>): PhasedStep[] {
  if (want.partitionOf === null) return [];
  const parentKey = want.partitionOf.parent;
  const parent = to[parentKey];
  if (!parent) return [];
  const oldParent = have?.partitionOf?.parent === parentKey ? from[parentKey] : undefined;
  const out: PhasedStep[] = [];
  for (const c of want.columns) {
    if (c.local) continue;
    const p = parent.columns.find((x) => x.name === c.name);
    if (!p) continue;
    const own = have?.partitionOf?.parent === parentKey ? have.columns.find((x) => x.name === c.name) : undefined;
    const old = oldParent?.columns.find((x) => x.name === c.name);
    const start = {
      ...c,
      notNull: own === undefined || old?.notNull !== p.notNull ? p.notNull : own.notNull,
      default: own === undefined || old?.default !== p.default ? p.default : own.default,
    };
    out.push(...alterColumnSteps(key, start, c, enums));
  }
  return out;
}

/**
 * A partition's index attached to an index of its parent, under a name of its own. Creating the
 * parent's index would make an auto-named one on each partition that has no equivalent index yet,
 * so such an index is created on the partition first (the parent's then adopts it) whenever it does
 * not exist: the partition is new, or the parent's index is (re)created and drops it.
 */
function attachedIndexSteps(key: QualifiedName, have: TableDef | undefined, want: TableDef, from: Tables, to: Tables): PhasedStep[] {
  if (want.partitionOf === null) return [];
  const parentKey = want.partitionOf.parent;
  const out: PhasedStep[] = [];
  for (const name of sortedKeys(want.indexes)) {
    const i = want.indexes[name]!;
    if (i.partitionOf === null || i.constraint !== null) continue;
    const parentIndexName = parentIndexNameOf(i.partitionOf, to[parentKey]);
    if (parentIndexName === null) continue;
    const parentNew = from[parentKey]?.indexes[parentIndexName]?.definition !== to[parentKey]!.indexes[parentIndexName]!.definition;
    const existing = have?.indexes[name];
    const kept = existing !== undefined && existing.definition === i.definition && (existing.partitionOf === null || !parentNew);
    if (kept) continue;
    out.push(phased(Phase.addColumn, { sql: `${i.definition};`, kind: "create-index", object: indexObject(want, i), destructive: false }));
  }
  return out;
}

/** The name of the index of `parent` that `qualified` (`"schema"."name"`) designates, or null. */
function parentIndexNameOf(qualified: QualifiedName, parent: TableDef | undefined): string | null {
  if (!parent) return null;
  for (const name of Object.keys(parent.indexes)) if (`${quoteIdent(parent.schema)}.${quoteIdent(name)}` === qualified) return name;
  return null;
}

/** Steps that turn the tables of `from` into those of `to`; `enums` as from `enumTypeNames`. */
export function diffTables(from: Tables, to: Tables, enums: ReadonlySet<string>): PhasedStep[] {
  const out: PhasedStep[] = [];
  const dropped = sortedKeys(from).filter((k) => !to[k]);
  for (const key of byDepth(from, dropped).reverse()) out.push(...dropTable(key, from[key]!));
  for (const key of byDepth(to, sortedKeys(to))) {
    const have = from[key];
    out.push(...(have ? alterTable(key, have, to[key]!, enums) : createTable(key, to[key]!)));
    out.push(...partitionColumnSteps(key, have, to[key]!, from, to, enums), ...attachedIndexSteps(key, have, to[key]!, from, to));
  }
  return out;
}
