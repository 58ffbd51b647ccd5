/**
 * Diff of views and materialized views. PostgreSQL cannot change a column's type, or drop one,
 * while a view reads that column, and `CREATE OR REPLACE VIEW` only appends columns; so a changed
 * view, and every view that reads a column that changes (or another such view), is dropped before
 * the table steps and created again after them, in dependency order. A view that reads other
 * columns of the table is left alone.
 */
import { type IndexDef, type QualifiedName, type SchemaModel, type TableDef, type ViewDef, quoteIdent } from "./model.ts";
import { columnSettingActions, DEFAULT_COLUMN_SETTINGS } from "./column-settings.ts";
import { dependencyOrder, Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

interface AnyView {
  readonly key: QualifiedName;
  readonly materialized: boolean;
  readonly def: ViewDef;
}

function allViews(model: SchemaModel): Map<QualifiedName, AnyView> {
  const out = new Map<QualifiedName, AnyView>();
  for (const key of sortedKeys(model.views)) out.set(key, { key, materialized: false, def: model.views[key]! });
  for (const key of sortedKeys(model.materializedViews)) out.set(key, { key, materialized: true, def: model.materializedViews[key]! });
  return out;
}

/** Tables whose columns change type or collation, or go (including re-added generated columns). */
export function tablesWithColumnChanges(from: Tables, to: Tables): Set<QualifiedName> {
  return new Set(changingColumns(from, to).map(([table]) => table));
}

/**
 * The columns, as `"schema"."table"."column"`, of tables both sides have that change type,
 * collation or generated expression, or go: the changes PostgreSQL refuses while a view reads them.
 */
export function columnsThatChange(from: Tables, to: Tables): Set<string> {
  return new Set(changingColumns(from, to).map(([table, column]) => `${table}.${quoteIdent(column)}`));
}

/** [table, column name] for each column of a table both sides have that changes type, collation or generation, or goes. */
function changingColumns(from: Tables, to: Tables): [QualifiedName, string][] {
  const out: [QualifiedName, string][] = [];
  for (const key of sortedKeys(from)) {
    const want = to[key];
    if (!want) continue;
    const next = new Map(want.columns.map((c) => [c.name, c]));
    for (const c of from[key]!.columns) {
      const n = next.get(c.name);
      if (!n || n.type !== c.type || n.collation !== c.collation || n.generated !== c.generated) out.push([key, c.name]);
    }
  }
  return out;
}

function sameView(a: AnyView, b: AnyView): boolean {
  return a.materialized === b.materialized && a.def.definition === b.def.definition && JSON.stringify(a.def.columns) === JSON.stringify(b.def.columns) && JSON.stringify(a.def.options) === JSON.stringify(b.def.options);
}

function createSql(v: AnyView): string {
  const query = v.def.definition.trim().replace(/;$/, "");
  const options = v.def.options.length > 0 ? ` WITH (${v.def.options.join(", ")})` : "";
  return v.materialized ? `CREATE MATERIALIZED VIEW ${v.key}${options} AS\n${query}\nWITH DATA;` : `CREATE VIEW ${v.key}${options} AS\n${query};`;
}

function indexObject(v: AnyView, i: IndexDef): string {
  return `${quoteIdent(v.def.schema)}.${quoteIdent(i.name)}`;
}

/**
 * The views and materialized views of `from` that are dropped (and maybe created again);
 * `changedColumns` as from `columnsThatChange`, `droppedFunctions` the functions dropped,
 * `rebuiltTables` the tables dropped and made again (see rebuild.ts).
 */
export function droppedViews(
  from: SchemaModel,
  to: SchemaModel,
  changedColumns: ReadonlySet<string>,
  droppedFunctions: ReadonlySet<string>,
  rebuiltTables: ReadonlySet<QualifiedName> = new Set(),
): Set<QualifiedName> {
  const have = allViews(from);
  const want = allViews(to);
  // Views to drop: gone, changed, reading a dropped or rebuilt table (a view of the same name may
  // replace it), a changing column or another dropped view, or calling a dropped function.
  const droppedTable = (d: QualifiedName) => rebuiltTables.has(d) || (from.tables[d] !== undefined && to.tables[d] === undefined);
  const dropped = new Set<QualifiedName>();
  for (const [key, v] of have) {
    const next = want.get(key);
    const readsChange = v.def.dependsOn.some(droppedTable) || v.def.columnsRead.some((c) => changedColumns.has(c));
    if (!next || !sameView(v, next) || readsChange || v.def.functionsUsed.some((f) => droppedFunctions.has(f))) dropped.add(key);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, v] of have) {
      if (!dropped.has(key) && v.def.dependsOn.some((d) => dropped.has(d))) {
        dropped.add(key);
        grew = true;
      }
    }
  }
  return dropped;
}

/** View and materialized-view steps, including their indexes; `dropped` as from `droppedViews`. */
export function diffViews(from: SchemaModel, to: SchemaModel, dropped: ReadonlySet<QualifiedName>): PhasedStep[] {
  const have = allViews(from);
  const want = allViews(to);
  const out: PhasedStep[] = [];
  for (const key of dependencyOrder(dropped, (k) => have.get(k)!.def.dependsOn).reverse()) {
    const v = have.get(key)!;
    const gone = !want.has(key);
    out.push(
      phased(Phase.dropView, {
        sql: `DROP ${v.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${key};`,
        kind: v.materialized ? "drop-materialized-view" : "drop-view",
        object: key,
        destructive: gone && v.materialized,
        warning: gone ? undefined : `drops and recreates ${key} around the changes it depends on`,
      }),
    );
  }
  const created = new Set([...want.keys()].filter((k) => !have.has(k) || dropped.has(k)));
  for (const key of dependencyOrder(created, (k) => want.get(k)!.def.dependsOn)) {
    const v = want.get(key)!;
    out.push(phased(Phase.createView, { sql: createSql(v), kind: v.materialized ? "create-materialized-view" : "create-view", object: key, destructive: false }));
  }
  // Indexes and column settings of materialized views: all of a recreated one's, and the changed ones of a kept one.
  for (const [key, v] of want) {
    if (!v.materialized) continue;
    out.push(...materializedColumnSettingSteps(key, created.has(key) ? undefined : have.get(key)!.def, v.def));
    const old = created.has(key) ? {} : have.get(key)!.def.indexes;
    for (const name of sortedKeys(old)) {
      if (v.def.indexes[name]?.definition !== old[name]!.definition) {
        out.push(phased(Phase.dropView, { sql: `DROP INDEX ${indexObject(v, old[name]!)};`, kind: "drop-index", object: indexObject(v, old[name]!), destructive: false }));
      }
    }
    for (const name of sortedKeys(v.def.indexes)) {
      const i = v.def.indexes[name]!;
      if (old[name]?.definition !== i.definition) out.push(phased(Phase.createViewIndex, { sql: `${i.definition};`, kind: "create-index", object: indexObject(v, i), destructive: false }));
    }
  }
  return out;
}

/**
 * `ALTER MATERIALIZED VIEW … ALTER COLUMN … SET STORAGE / COMPRESSION / STATISTICS` for the columns
 * of `want` whose settings differ from `have`'s, or from the defaults CREATE gives a new one.
 */
function materializedColumnSettingSteps(key: QualifiedName, have: ViewDef | undefined, want: ViewDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const { name } of want.columns) {
    const col = quoteIdent(name);
    const object = `${key}.${col}`;
    const start = have?.columnSettings[name] ?? DEFAULT_COLUMN_SETTINGS;
    for (const { action, warning } of columnSettingActions(start, want.columnSettings[name] ?? DEFAULT_COLUMN_SETTINGS, have !== undefined, object)) {
      out.push(phased(Phase.createViewIndex, { sql: `ALTER MATERIALIZED VIEW ${key} ALTER COLUMN ${col} ${action};`, kind: "alter-column", object, destructive: false, warning }));
    }
  }
  return out;
}
