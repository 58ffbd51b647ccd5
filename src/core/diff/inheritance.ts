/**
 * INHERITS of a table that exists on both sides: `ALTER TABLE … NO INHERIT parent` and `INHERIT
 * parent`, and the shape the table must have around them.
 *
 * PostgreSQL's rules, which fix the order:
 * - INHERIT appends the parent to the list (pg_inherits.inhseqno), so the parents kept are the
 *   longest start of the wanted list that the table already has in that order; the others are
 *   removed, and the rest of the wanted list is added in order (a parent moved is removed and
 *   added again).
 * - INHERIT needs the table to have every column of the parent, of the same type (and NOT NULL
 *   where the parent's is), and every CHECK constraint of the parent, of the same name and
 *   expression. It merges with them: each keeps being the table's own (`local`) and is now
 *   `inherited` too. So NO INHERIT comes first, before the old parent can change or go, and
 *   INHERIT once the table's columns are in shape, with the parent's CHECK constraints added to
 *   it beforehand; those the parent only gets later reach the table through it.
 * - NO INHERIT leaves the columns and CHECK constraints the table had from that parent alone as
 *   its own.
 * A column or CHECK constraint can only be made as not the table's own (`local = false`) by
 * inheritance itself: by CREATE TABLE … INHERITS or, for a constraint or column the parent gets
 * later, by the parent. One that the table has, or needs before INHERIT, can never become so.
 * One that stays inherited only, from a parent removed to one added (parents swapped, or moved in
 * the list), is held meanwhile through an empty placeholder parent with just those columns and
 * constraints: INHERIT of the placeholder before NO INHERIT of the old parents, NO INHERIT of it
 * after INHERIT of the new ones, so it never has no parent. A CHECK constraint that a new
 * parent already has is dropped on that parent and added again after INHERIT, reaching the table
 * (and coming back on the parent's other children) through the parent. Otherwise, when the target
 * wants that, the table is rebuilt with its rows instead (see rebuild.ts).
 */
import { type ColumnDef, type ConstraintDef, type QualifiedName, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** How the parents of a table change: which stay, which go (NO INHERIT), which come (INHERIT, in order). */
export interface ParentChange {
  readonly kept: readonly QualifiedName[];
  readonly removed: readonly QualifiedName[];
  readonly added: readonly QualifiedName[];
}

/** The parent change from `have` to `want`, or null when their INHERITS lists are the same. */
export function parentChange(have: TableDef, want: TableDef): ParentChange | null {
  if (have.inherits.length === want.inherits.length && have.inherits.every((p, i) => want.inherits[i] === p)) return null;
  const kept: QualifiedName[] = [];
  let from = 0;
  for (const p of want.inherits) {
    const at = have.inherits.indexOf(p, from);
    if (at < 0) break;
    kept.push(p);
    from = at + 1;
  }
  return {
    kept,
    removed: have.inherits.filter((p) => !kept.includes(p)),
    added: want.inherits.slice(kept.length),
  };
}

/** A CHECK constraint that children inherit (not `NO INHERIT`). */
function inheritable(c: ConstraintDef): boolean {
  return c.kind === "check" && !c.definition.endsWith(" NO INHERIT");
}

function hasColumn(tables: Tables, parents: readonly QualifiedName[], name: string): boolean {
  return parents.some((p) => tables[p]?.columns.some((c) => c.name === name) === true);
}

function hasCheck(tables: Tables, parents: readonly QualifiedName[], name: string): boolean {
  return parents.some((p) => {
    const c = tables[p]?.constraints[name];
    return c !== undefined && inheritable(c);
  });
}

/** The columns and CHECK constraints a table holds through a placeholder parent while its parents change (see above). */
export interface Held {
  readonly columns: readonly ColumnDef[];
  readonly checks: readonly ConstraintDef[];
  /** The placeholder, in the table's schema, under a name neither side has. */
  readonly placeholder: QualifiedName;
}

/** `retort_inherit_<table>`, with a number added while a table on either side has that name. */
function placeholderFor(have: TableDef, from: Tables, to: Tables): QualifiedName {
  for (let n = 1; ; n++) {
    const key = qualifiedName(have.schema, `retort_inherit_${have.name}${n > 1 ? `_${n}` : ""}`);
    if (!from[key] && !to[key]) return key;
  }
}

/** What a column is, apart from its flags: the placeholder's INHERIT needs the same, and nothing may change it meanwhile. */
function sameColumn(a: ColumnDef, b: ColumnDef): boolean {
  return a.type === b.type && a.collation === b.collation && a.notNull === b.notNull && a.default === b.default && a.identity === null && b.identity === null && a.generated === null && b.generated === null;
}

/**
 * The inherited-only columns and CHECK constraints that NO INHERIT of the removed parents would
 * make the table's own, while the target wants them inherited only from an added parent, unchanged.
 */
export function heldThrough(have: TableDef, want: TableDef, change: ParentChange, from: Tables, to: Tables): Held {
  const placeholder = placeholderFor(have, from, to);
  if (change.removed.length === 0) return { columns: [], checks: [], placeholder };
  const columns = have.columns.filter((c) => {
    const next = want.columns.find((w) => w.name === c.name);
    if (c.local || !c.inherited || hasColumn(from, change.kept, c.name) || !next || next.local) return false;
    return hasColumn(to, change.added, c.name) && !hasColumn(to, change.kept, c.name) && sameColumn(c, next);
  });
  const needed = checksAtInherit(change, from, to);
  const checks = Object.values(have.constraints).filter((c) => {
    const next = want.constraints[c.name];
    if (!inheritable(c) || c.local || !c.inherited || hasCheck(from, change.kept, c.name) || !next || next.local) return false;
    return next.definition === c.definition && needed.get(c.name)?.definition === c.definition;
  });
  return { columns, checks, placeholder };
}

/**
 * The table as NO INHERIT of the removed parents leaves it: the columns and CHECK constraints no
 * kept parent has (as it stands before the diff), and no placeholder holds, become its own.
 */
export function afterNoInherit(have: TableDef, change: ParentChange, from: Tables, held: Held): TableDef {
  const released = <T extends { readonly name: string; readonly local: boolean; readonly inherited: boolean }>(x: T, stillInherited: boolean, holding: readonly T[]): T =>
    x.inherited && !stillInherited && !holding.some((h) => h.name === x.name) ? { ...x, local: true, inherited: false } : x;
  return {
    ...have,
    inherits: change.kept,
    columns: have.columns.map((c) => released(c, hasColumn(from, change.kept, c.name), held.columns)),
    constraints: Object.fromEntries(
      Object.entries(have.constraints).map(([n, c]) => [n, inheritable(c) ? released(c, hasCheck(from, change.kept, n), held.checks) : c]),
    ),
  };
}

/**
 * The CHECK constraints the added parents have when INHERIT runs, which the table needs first:
 * those the parent keeps from before the diff, or is created with; not those added to it later
 * (`addConstraint` phase), or dropped and added again (`later`), which reach the table through the
 * parent.
 */
function checksAtInherit(change: ParentChange, from: Tables, to: Tables, later: ReadonlySet<string> = new Set()): Map<string, ConstraintDef> {
  const out = new Map<string, ConstraintDef>();
  for (const p of change.added) {
    const want = to[p];
    if (!want) continue;
    const old = from[p];
    for (const c of Object.values(want.constraints)) {
      if (!inheritable(c) || later.has(c.name)) continue;
      const present = old ? old.constraints[c.name]?.definition === c.definition : !c.local || !c.notValid;
      if (present && !out.has(c.name)) out.set(c.name, c);
    }
  }
  return out;
}

/**
 * The shape the table is given before INHERIT: `want` with the INHERITS list of `before`, the
 * columns it takes from the added parents (and from no kept one) as its own, and the parents'
 * CHECK constraints it needs as its own where it has them already under the same definition (the
 * others are added by `checksBeforeInherit`).
 */
export function beforeInherit(before: TableDef, want: TableDef, plan: InheritPlan, from: Tables, to: Tables): TableDef {
  const { change, held } = plan;
  const checks = checksAtInherit(change, from, to, plan.readded);
  const holds = (list: readonly { readonly name: string }[], name: string) => list.some((h) => h.name === name);
  const columns = want.columns.map((c): ColumnDef =>
    !c.local && hasColumn(to, change.added, c.name) && !hasColumn(to, change.kept, c.name) && !holds(held.columns, c.name) ? { ...c, local: true } : c,
  );
  const constraints = Object.fromEntries(
    Object.entries(want.constraints)
      .filter(([n, c]) => !checks.has(n) || before.constraints[n]?.definition === c.definition)
      .map(([n, c]) => [n, checks.has(n) && !hasCheck(to, change.kept, n) && !holds(held.checks, n) ? { ...c, local: true } : c]),
  );
  return { ...want, inherits: before.inherits, columns, constraints };
}

/**
 * How a table's parents change, and what is done around it: the columns and CHECK constraints
 * held through a placeholder, and the added parents' CHECK constraints dropped on the parent and
 * added again after INHERIT (`readded`), so that they reach the table inherited only rather than
 * being needed on it first. Null when the parents do not change.
 */
export interface InheritPlan {
  readonly change: ParentChange;
  readonly held: Held;
  readonly readded: ReadonlySet<string>;
}

/** What `plan` cannot leave as `want` has it (see `ownedButInherited`). */
function unreachable(have: TableDef, want: TableDef, plan: InheritPlan, from: Tables, to: Tables): string[] {
  const before = afterNoInherit(have, plan.change, from, plan.held);
  const shape = beforeInherit(before, want, plan, from, to);
  const checks = checksAtInherit(plan.change, from, to, plan.readded);
  const own = (x: { readonly local: boolean } | undefined) => x?.local === true;
  const columns = want.columns.filter((c) => !c.local && (own(shape.columns.find((s) => s.name === c.name)) || own(before.columns.find((b) => b.name === c.name))));
  // A constraint of its own that no kept parent gives it is dropped, and comes back through its parent.
  const constraints = Object.values(want.constraints).filter((c) => {
    const b = before.constraints[c.name];
    return inheritable(c) && !c.local && (own(shape.constraints[c.name]) || (checks.has(c.name) && !shape.constraints[c.name]) || (own(b) && b!.inherited));
  });
  return [...columns.map((c) => `column ${quoteIdent(c.name)}`), ...constraints.map((c) => `CHECK constraint ${quoteIdent(c.name)}`)];
}

/**
 * The CHECK constraints the table wants inherited only from added parents that have them already:
 * each parent can drop its own and add it again after INHERIT, where it has it as its own alone.
 */
function readdable(want: TableDef, change: ParentChange, held: Held, from: Tables, to: Tables): Set<string> {
  const out = new Set<string>();
  for (const c of Object.values(want.constraints)) {
    if (!inheritable(c) || c.local || held.checks.some((h) => h.name === c.name) || hasCheck(to, change.kept, c.name)) continue;
    const parents = change.added.filter((p) => to[p]?.constraints[c.name] !== undefined && inheritable(to[p]!.constraints[c.name]!));
    const droppable = parents.every((p) => {
      const before = from[p]?.constraints[c.name];
      const after = to[p]!.constraints[c.name]!;
      return before === undefined || (before.definition === after.definition && before.local && !before.inherited && after.local && !after.inherited);
    });
    if (droppable && parents.some((p) => from[p]?.constraints[c.name] !== undefined)) out.add(c.name);
  }
  return out;
}

/** The plan for `have` (a table, or a partition as DETACH leaves it) to become `want`, or null when its parents stay. */
export function inheritPlan(have: TableDef, want: TableDef, from: Tables, to: Tables): InheritPlan | null {
  const change = parentChange(have, want);
  if (change === null) return null;
  const held = heldThrough(have, want, change, from, to);
  const plain: InheritPlan = { change, held, readded: new Set() };
  if (unreachable(have, want, plain, from, to).length === 0) return plain;
  const readded = readdable(want, change, held, from, to);
  const around: InheritPlan = { change, held, readded };
  return readded.size > 0 && unreachable(have, want, around, from, to).length === 0 ? around : plain;
}

/**
 * What INHERIT cannot leave as `want` has it, named (`column "x"`, `CHECK constraint "c"`): the
 * columns and CHECK constraints it wants as only inherited (`local = false`) that the table has as
 * its own, or must have before INHERIT. Empty when the parents do not change, or INHERIT will do.
 */
export function ownedButInherited(partitionOrTable: TableDef, want: TableDef, from: Tables, to: Tables): string[] {
  // A partition attached elsewhere reads every column and clone as not its own (see the columns query).
  if (want.partitionOf !== null) return [];
  const have = partitionOrTable.partitionOf !== null ? detached(partitionOrTable) : partitionOrTable;
  const plan = inheritPlan(have, want, from, to);
  return plan === null ? [] : unreachable(have, want, plan, from, to);
}

/**
 * By parent, the CHECK constraints it drops and adds again so that a table taking it as a parent
 * inherits them only (see `InheritPlan`).
 */
export function readdedParentChecks(from: Tables, to: Tables): Map<QualifiedName, Set<string>> {
  const out = new Map<QualifiedName, Set<string>>();
  for (const key of Object.keys(from)) {
    const want = to[key];
    if (!want || want.partitionOf !== null) continue;
    const have = from[key]!.partitionOf !== null ? detached(from[key]!) : from[key]!;
    const plan = inheritPlan(have, want, from, to);
    for (const name of plan?.readded ?? []) {
      for (const p of plan!.change.added) {
        if (from[p]?.constraints[name] === undefined) continue;
        if (!out.has(p)) out.set(p, new Set());
        out.get(p)!.add(name);
      }
    }
  }
  return out;
}

/**
 * A partition as DETACH leaves it: a table of its own, whose columns, constraints and indexes were
 * its parent's clones and now are its own (PostgreSQL marks them local; the clones of triggers go).
 */
export function detached(t: TableDef): TableDef {
  return {
    ...t,
    partitionOf: null,
    columns: t.columns.map((c) => ({ ...c, local: true, inherited: false })),
    constraints: Object.fromEntries(Object.entries(t.constraints).map(([n, c]) => [n, { ...c, local: true, inherited: false }])),
    indexes: Object.fromEntries(Object.entries(t.indexes).map(([n, i]) => [n, { ...i, partitionOf: null }])),
  };
}

/** True when INHERIT cannot leave the table as `want` has it (see `ownedButInherited`). */
export function inheritNeedsRebuild(have: TableDef, want: TableDef, from: Tables, to: Tables): boolean {
  return ownedButInherited(have, want, from, to).length > 0;
}

/** ADD CONSTRAINT of the added parents' CHECK constraints the table lacks, in the phase before INHERIT. */
export function checksBeforeInherit(key: QualifiedName, before: TableDef, plan: InheritPlan, from: Tables, to: Tables): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const c of checksAtInherit(plan.change, from, to, plan.readded).values()) {
    if (before.constraints[c.name]?.definition === c.definition) continue;
    out.push(
      phased(Phase.addColumn, {
        sql: `ALTER TABLE ${key} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`,
        kind: "add-constraint",
        object: `${key}.${quoteIdent(c.name)}`,
        destructive: false,
        warning: `validates every row of ${key} while holding a lock, as INHERIT needs the parent's CHECK constraints in place`,
      }),
    );
  }
  return out;
}
