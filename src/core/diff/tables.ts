/** Diff of tables: create and drop whole tables, and columns, constraints and indexes of kept ones. */
import { type ConstraintDef, type IndexDef, type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { alterColumnSteps, columnSql, needsReplace } from "./columns.ts";
import { columnSettingSteps } from "./column-settings.ts";
import { afterNoInherit, beforeInherit, checksBeforeInherit, detached, inheritPlan, parentChange, readdedParentChecks } from "./inheritance.ts";
import { holdSteps, inheritSteps, noInheritSteps, releaseSteps } from "./inheritance-steps.ts";
import { attachedIndexSteps, createIndexSql, indexObject } from "./partition-indexes.ts";
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

function createIndex(table: QualifiedName, t: TableDef, i: IndexDef, existing: boolean): PhasedStep {
  return phased(Phase.createIndex, {
    sql: createIndexSql(t, i),
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

/** `ALTER TABLE parent ATTACH PARTITION`, with what it scans. */
function attachStep(key: QualifiedName, want: TableDef, to: Tables): PhasedStep {
  const { parent, bound } = want.partitionOf!;
  const defaults = sortedKeys(to).filter((k) => k !== key && to[k]!.partitionOf?.parent === parent && to[k]!.partitionOf!.bound === "DEFAULT");
  const scansDefault = bound !== "DEFAULT" && defaults.length > 0 ? `, and scans the default partition ${defaults[0]}, failing if it holds a row within that bound` : "";
  return phased(Phase.attach, {
    sql: `ALTER TABLE ${parent} ATTACH PARTITION ${key} ${bound};`,
    kind: "attach-partition",
    object: key,
    destructive: false,
    warning: `scans ${key} to check its rows against the bound ${bound}, and fails if a row falls outside it${scansDefault}`,
  });
}

function detachStep(key: QualifiedName, have: TableDef): PhasedStep {
  return phased(Phase.detach, { sql: `ALTER TABLE ${have.partitionOf!.parent} DETACH PARTITION ${key};`, kind: "detach-partition", object: key, destructive: false });
}

/**
 * A partition whose bounds change under the same parent: DETACH before anything is dropped, ATTACH
 * again once its columns and constraints are in shape and before the parent's new indexes (which
 * then reach it). ATTACH scans the partition under lock to check its bound unless a CHECK
 * constraint already implies it. (One that moves to another parent is detached, then attached as
 * any table is: see alterTable.)
 */
function repartitionSteps(key: QualifiedName, have: TableDef, want: TableDef, to: Tables): PhasedStep[] {
  if (have.partitionOf === null || want.partitionOf === null || have.partitionOf.bound === want.partitionOf.bound) return [];
  return [detachStep(key, have), attachStep(key, want, to)];
}

/** True when `want` is attached to its parent by this diff, as a table of its own until then (see alterTable). */
function attachedHere(have: TableDef | undefined, want: TableDef): boolean {
  return have !== undefined && want.partitionOf !== null && have.partitionOf?.parent !== want.partitionOf.parent;
}


/**
 * The shape a table must have before it is attached as `want`: every column of the partition as
 * its own (ATTACH needs the parent's columns, and the parent's NOT NULL), and its own constraints
 * along with the clones it already has under the same name and definition (ATTACH merges those
 * and clones the others).
 */
function beforeAttach(have: TableDef, want: TableDef): TableDef {
  const constraints = Object.fromEntries(
    Object.entries(want.constraints)
      .filter(([n, c]) => c.local || have.constraints[n]?.definition === c.definition)
      .map(([n, c]) => [n, { ...c, local: true }]),
  );
  return { ...want, partitionOf: null, columns: want.columns.map((c) => ({ ...c, local: true })), constraints };
}

/**
 * The parent's CHECK constraints that a table about to be attached lacks: ATTACH refuses a table
 * without them (it does not clone them), so they are added before it.
 */
function checksBeforeAttach(key: QualifiedName, have: TableDef, want: TableDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const c of Object.values(want.constraints)) {
    if (c.local || c.kind !== "check" || have.constraints[c.name]?.definition === c.definition) continue;
    const { step } = addConstraint(key, c, true);
    out.push(phased(Phase.addColumn, step));
  }
  return out;
}

/** Foreign keys to recreate although unchanged: those whose referenced table is rebuilt or dropped under them. */
export type ReplacedTables = ReadonlySet<QualifiedName>;

/** Names (of columns or constraints) by table. */
export type NamesByTable = ReadonlyMap<QualifiedName, ReadonlySet<string>>;

/** By table, the columns dropped and added again (see `needsReplace`). */
export type ReAddedColumns = NamesByTable;

/** What the steps of every table present on both sides are worked out from. */
interface TableChanges {
  readonly from: Tables;
  readonly to: Tables;
  readonly enums: ReadonlySet<string>;
  /** Tables dropped under the foreign keys that point at them (see `diffTables`). */
  readonly replaced: ReplacedTables;
  /** Columns dropped and added again (see `reAddedColumns`). */
  readonly reAdded: ReAddedColumns;
  /** CHECK constraints a parent drops and adds again for a new child (see `readdedParentChecks`). */
  readonly checksAddedAgain: NamesByTable;
  /** Columns converted onto a type recreated under their type's name (see converted-columns.ts). */
  readonly converted: NamesByTable;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The columns of tables on both sides that are dropped and added again, by table. */
export function reAddedColumns(from: Tables, to: Tables): ReAddedColumns {
  const out = new Map<QualifiedName, Set<string>>();
  for (const key of sortedKeys(from)) {
    const want = to[key];
    if (!want) continue;
    const columns = replacedColumns(from[key]!, want);
    if (columns.size > 0) out.set(key, columns);
  }
  return out;
}

/**
 * Setting, column, constraint and index steps for a table present on both sides. A table ceasing
 * to be a partition, or moving to another parent, is detached first, and then changed from what
 * DETACH leaves; one becoming a partition is brought into the shape ATTACH needs (the defaults and
 * constraints it keeps are its own, not the new parent's), then attached. One whose INHERITS
 * parents change is changed from what NO INHERIT leaves into the shape INHERIT needs, the same way
 * (see inheritance.ts).
 */
function alterTable(key: QualifiedName, have: TableDef, want: TableDef, changes: TableChanges): PhasedStep[] {
  const { from, to } = changes;
  if (have.partitionOf !== null && have.partitionOf.parent !== want.partitionOf?.parent) {
    return [detachStep(key, have), ...alterTable(key, detached(have), want, changes)];
  }
  if (have.partitionOf === null && want.partitionOf !== null) {
    return [...alterTable(key, have, beforeAttach(have, want), changes), ...checksBeforeAttach(key, have, want), attachStep(key, want, to)];
  }
  const plan = inheritPlan(have, want, from, to);
  if (plan !== null) {
    const before = afterNoInherit(have, plan.change, from, plan.held);
    return [
      ...holdSteps(key, plan.held),
      ...noInheritSteps(key, plan.change),
      ...alterTable(key, before, beforeInherit(before, want, plan, from, to), changes),
      ...checksBeforeInherit(key, before, plan, from, to),
      ...inheritSteps(key, plan.change),
      ...releaseSteps(key, plan.held),
    ];
  }
  return [
    ...repartitionSteps(key, have, want, to),
    ...tableSettingSteps(key, have, want),
    ...columnSteps(key, have, want, changes.enums),
    ...constraintSteps(key, have, want, changes),
    ...indexSteps(key, have, want, changes.converted.get(key) ?? NO_NAMES),
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

/**
 * Drops changed constraints and adds the new versions; a NOT VALID constraint that became valid is
 * only validated. A constraint that PostgreSQL would drop along with something else is dropped
 * first and added again: one naming a column of its table that is dropped and added again (or
 * whose index reads one), and a foreign key to a table in `replaced` or to re-added columns. So is
 * a CHECK constraint in `readded`, which reaches a new child inherited only that way, and a CHECK
 * on a column `converted` onto a type recreated under its name (PostgreSQL checks it again from its
 * text, whose constants name the old type).
 */
function constraintSteps(key: QualifiedName, have: TableDef, want: TableDef, changes: TableChanges): PhasedStep[] {
  const { replaced, reAdded } = changes;
  const readded = changes.checksAddedAgain.get(key) ?? NO_NAMES;
  const converted = changes.converted.get(key) ?? NO_NAMES;
  const out: PhasedStep[] = [];
  const ownReAdded = reAdded.get(key) ?? NO_NAMES;
  const indexOf = new Map(Object.values(have.indexes).filter((i) => i.constraint !== null).map((i) => [i.constraint!, i]));
  const goesAlong = (c: ConstraintDef): boolean =>
    readded.has(c.name) ||
    (c.kind === "check" && c.columns.some((n) => converted.has(n))) ||
    (c.kind === "foreignKey" && c.references !== null && (replaced.has(c.references) || c.referencedColumns.some((n) => reAdded.get(c.references!)?.has(n) === true))) ||
    c.columns.some((n) => ownReAdded.has(n)) ||
    (indexOf.get(c.name)?.columns.some((n) => ownReAdded.has(n)) ?? false);
  const own = ownConstraints(have);
  const haveConstraints = new Map(own.filter((c) => !goesAlong(c)).map((c) => [c.name, c]));
  const wantConstraints = new Map(ownConstraints(want).map((c) => [c.name, c]));
  for (const c of own) {
    if (!goesAlong(c)) continue;
    const drop = dropConstraint(key, c);
    const warning = `drops ${constraintObject(key, c)} and adds it again once a new child inherits ${key}, so that the child has it through ${key} alone: adding it validates every row of ${key} and of its children while holding a lock`;
    out.push(readded.has(c.name) ? { ...drop, step: { ...drop.step, warning } } : drop);
  }
  for (const [name, c] of haveConstraints) {
    const next = wantConstraints.get(name);
    if (next?.definition === c.definition) continue;
    if (next && c.notValid && !next.notValid && c.definition === `${next.definition} NOT VALID`) continue;
    // A partition's own key or unique constraint that the parent's new one adopts (PostgreSQL
    // attaches a matching constraint index rather than building another) stays.
    const adopted = want.constraints[name];
    if (adopted && !adopted.local && adopted.definition === c.definition && want.partitionOf !== null && (c.kind === "primaryKey" || c.kind === "unique")) continue;
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
 * a column dropped and added again goes with the column, so it is recreated too; so is one that
 * reads a column `converted` onto a type recreated under its name, since PostgreSQL would rebuild
 * it from its text, whose constants name the old type (the conversion rebuilds it anyway).
 */
function indexSteps(key: QualifiedName, have: TableDef, want: TableDef, converted: ReadonlySet<string>): PhasedStep[] {
  const out: PhasedStep[] = [];
  const haveIndexes = ownIndexes(have);
  const wantIndexes = ownIndexes(want);
  const replaced = new Set([...replacedColumns(have, want), ...converted]);
  const same = (name: string): boolean =>
    wantIndexes[name]?.definition === haveIndexes[name]?.definition && !haveIndexes[name]!.columns.some((c) => replaced.has(c));
  for (const name of sortedKeys(haveIndexes)) {
    if (same(name)) continue;
    // An index the parent's new index adopts stays (see partition-indexes.ts).
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
  // Detached and attached again (see repartitionSteps): the parent's changes do not reach it
  // meanwhile, and ATTACH wants the parent's NOT NULL in place already.
  const reattached = have?.partitionOf != null && (have.partitionOf.parent !== parentKey || have.partitionOf.bound !== want.partitionOf.bound);
  const oldParent = have?.partitionOf?.parent === parentKey ? from[parentKey] : undefined;
  const out: PhasedStep[] = [];
  for (const c of want.columns) {
    if (c.local) continue;
    const p = parent.columns.find((x) => x.name === c.name);
    if (!p) continue;
    const own = have?.partitionOf?.parent === parentKey || reattached ? have!.columns.find((x) => x.name === c.name) : undefined;
    const old = oldParent?.columns.find((x) => x.name === c.name);
    const start =
      reattached && own !== undefined
        ? { ...c, notNull: own.notNull, default: own.default }
        : {
            ...c,
            notNull: own === undefined || old?.notNull !== p.notNull ? p.notNull : own.notNull,
            default: own === undefined || old?.default !== p.default ? p.default : own.default,
          };
    // All in the parent's own phase, after its changes (which reach the partition), not in the early
    // `releaseColumn` one: a new partition only has the parent's default once it is created.
    out.push(...alterColumnSteps(key, start, c, enums).map((s) => (s.phase === Phase.releaseColumn ? { ...s, phase: Phase.alterColumn } : s)));
  }
  return out;
}

/**
 * Steps that turn the tables of `from` into those of `to`; `enums` as from `enumTypeNames`;
 * `replaced` the tables dropped under the foreign keys that point at them (rebuilt ones, which
 * `from` leaves out: see rebuild.ts); `converted` the columns, by table, converted onto a type
 * recreated under their type's name (see converted-columns.ts); `reAdded` as `reAddedColumns` gives them.
 */
export function diffTables(
  from: Tables,
  to: Tables,
  enums: ReadonlySet<string>,
  replaced: ReplacedTables = new Set(),
  converted: NamesByTable = new Map(),
  reAdded: ReAddedColumns = reAddedColumns(from, to),
): PhasedStep[] {
  const out: PhasedStep[] = [];
  const readded = readdedParentChecks(from, to);
  const changes: TableChanges = { from, to, enums, replaced, reAdded, checksAddedAgain: readded, converted };
  const dropped = sortedKeys(from).filter((k) => !to[k]);
  for (const key of byDepth(from, dropped).reverse()) out.push(...dropTable(key, from[key]!));
  for (const key of byDepth(to, sortedKeys(to))) {
    const have = from[key];
    out.push(...(have ? alterTable(key, have, to[key]!, changes) : createTable(key, to[key]!)));
    // A table attached here keeps the NOT NULL and defaults it was given before (see beforeAttach).
    if (!attachedHere(have, to[key]!)) out.push(...partitionColumnSteps(key, have, to[key]!, from, to, enums));
    out.push(...columnSettingSteps(key, have, to[key]!, from, to));
  }
  out.push(...attachedIndexSteps(from, to, (k) => depth(to, k)));
  // A parent's CHECK constraint added again also merges with its children's own.
  if (readded.size > 0 || sortedKeys(to).some((k) => (!from[k] || parentChange(from[k]!, to[k]!) !== null) && mergesWithParents(to[k]!, to))) out.push(quietMerges());
  return out;
}

/**
 * True when the table declares a column or constraint its parents have too, or two parents have
 * the same column: CREATE TABLE … INHERITS merges them, and so does a new parent's ADD CONSTRAINT
 * reaching the table.
 */
function mergesWithParents(t: TableDef, tables: Tables): boolean {
  if (t.inherits.length === 0) return false;
  if (t.columns.some((c) => c.local && c.inherited) || Object.values(t.constraints).some((c) => c.local && c.inherited)) return true;
  const parentColumns = t.inherits.flatMap((p) => (tables[p]?.columns ?? []).map((c) => c.name));
  return new Set(parentColumns).size < parentColumns.length;
}

/**
 * PostgreSQL sends a NOTICE for each column or constraint it merges with a parent's, which is what
 * the target has: they are kept out of the output for the transaction.
 */
function quietMerges(): PhasedStep {
  return phased(Phase.setup, { sql: "SET LOCAL client_min_messages = warning;", kind: "set", object: "client_min_messages", destructive: false });
}
