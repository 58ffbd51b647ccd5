/**
 * A column's storage, compression and statistics target: `SET STORAGE`, `SET COMPRESSION` and
 * `SET STATISTICS`, on tables that exist and on new ones once created.
 *
 * Each is written with `ALTER TABLE ONLY`, so it reaches no partition or child: every table gets
 * its own setting and none is changed behind its back. What the earlier steps leave a column with
 * is worked out from PostgreSQL's rules: a new table copies the storage and compression of the
 * columns it inherits (partitions included) from the parent as it stands when the table is
 * created, but not the statistics target; a type change resets storage and compression to the new
 * type's, and keeps the statistics target.
 */
import { type ColumnDef, type ColumnSettings, type ColumnStorage, type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { needsReplace } from "./columns.ts";
import { Phase, type PhasedStep, phased } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

type Settings = ColumnSettings;

/** A column's settings when none was set. */
export const DEFAULT_COLUMN_SETTINGS: ColumnSettings = { storage: null, compression: null, statisticsTarget: null };

const DEFAULTS = DEFAULT_COLUMN_SETTINGS;

/**
 * The settings a column that is new on `key` gets from CREATE TABLE: those of the first parent
 * column it copies, as the parent stands before this diff's settings steps (which come after every
 * CREATE TABLE). A parent column whose type changes meanwhile resets them on its way down.
 */
function copiedAtCreate(want: TableDef, column: ColumnDef, from: Tables, to: Tables): Settings {
  const parents = want.partitionOf !== null ? [want.partitionOf.parent] : want.inherits;
  for (const parent of parents) {
    const before = from[parent]?.columns.find((c) => c.name === column.name);
    const after = to[parent]?.columns.find((c) => c.name === column.name);
    if (!after) continue;
    if (!before || before.type !== after.type || needsReplace(before, after)) return DEFAULTS;
    return { storage: before.storage, compression: before.compression, statisticsTarget: null };
  }
  return DEFAULTS;
}

/** What the column has once the table and column steps ran, before its settings are written. */
function startingSettings(have: TableDef | undefined, want: TableDef, column: ColumnDef, from: Tables, to: Tables): Settings {
  const prev = have?.columns.find((c) => c.name === column.name);
  if (!have) return copiedAtCreate(want, column, from, to);
  if (!prev || needsReplace(prev, column)) return DEFAULTS;
  if (prev.type !== column.type) return { ...DEFAULTS, statisticsTarget: prev.statisticsTarget };
  return prev;
}

/** The mode a `SET STORAGE` names to reach `want` from `start`: the type's own when `want` is null. */
function storageTarget(start: ColumnStorage | null, want: ColumnStorage | null): string | null {
  if (want !== null) return start?.mode === want.mode ? null : want.mode;
  return start === null ? null : start.typeMode;
}

/**
 * The `SET STORAGE`, `SET COMPRESSION` and `SET STATISTICS` actions that take a column from
 * `start` to `want`, each with its warning; `existing` says the column holds values already.
 */
export function columnSettingActions(start: ColumnSettings, want: ColumnSettings, existing: boolean, object: string): { action: string; warning?: string }[] {
  const out: { action: string; warning?: string }[] = [];
  const storage = storageTarget(start.storage, want.storage);
  if (storage !== null) out.push({ action: `SET STORAGE ${storage.toUpperCase()}` });
  if (start.compression !== want.compression) {
    const action = `SET COMPRESSION ${want.compression ?? "DEFAULT"}`;
    out.push(existing ? { action, warning: `applies to values of ${object} written from now on: the stored ones keep their compression until rewritten` } : { action });
  }
  if (start.statisticsTarget !== want.statisticsTarget) out.push({ action: `SET STATISTICS ${want.statisticsTarget ?? -1}` });
  return out;
}

/** SET STORAGE / COMPRESSION / STATISTICS steps for the columns of `want`, a table on both sides or new (`have` undefined). */
export function columnSettingSteps(key: QualifiedName, have: TableDef | undefined, want: TableDef, from: Tables, to: Tables): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const column of want.columns) {
    const col = quoteIdent(column.name);
    const object = `${key}.${col}`;
    const existing = have?.columns.some((c) => c.name === column.name) === true;
    for (const { action, warning } of columnSettingActions(startingSettings(have, want, column, from, to), column, existing, object)) {
      out.push(phased(Phase.addColumn, { sql: `ALTER TABLE ONLY ${key} ALTER COLUMN ${col} ${action};`, kind: "alter-column", object, destructive: false, warning }));
    }
  }
  return out;
}
