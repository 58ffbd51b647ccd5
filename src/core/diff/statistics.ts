/**
 * Diff of extended statistics objects (CREATE STATISTICS). A changed definition is dropped and
 * created again; the target alone is set with ALTER STATISTICS. They are dropped with the indexes,
 * before the columns they read can go, and created once the table's columns are in place.
 */
import { type QualifiedName, type StatisticsDef } from "./model.ts";
import type { ReAddedColumns } from "./tables.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type AllStatistics = Readonly<Record<QualifiedName, StatisticsDef>>;

/**
 * Steps that turn the statistics objects of `from` into those of `to`; `droppedTables` are the
 * tables that go, taking their statistics with them, and `recreatedTables` those of them created
 * again (rebuilt, see rebuild.ts), whose statistics are created again too. One reading a column
 * that is dropped and added again (`reAdded`) is dropped first and created again: PostgreSQL would
 * drop it, or the column from it, on the way.
 */
export function diffStatistics(
  from: AllStatistics,
  to: AllStatistics,
  droppedTables: ReadonlySet<QualifiedName>,
  recreatedTables: ReadonlySet<QualifiedName> = new Set(),
  reAdded: ReAddedColumns = new Map(),
): PhasedStep[] {
  const out: PhasedStep[] = [];
  const readsReAdded = (s: StatisticsDef): boolean => s.columns.some((n) => reAdded.get(s.table)?.has(n) === true);
  for (const key of sortedKeys(from)) {
    const have = from[key]!;
    const want = to[key];
    if ((want?.definition === have.definition && !readsReAdded(have)) || droppedTables.has(have.table)) continue;
    out.push(phased(Phase.dropIndex, { sql: `DROP STATISTICS ${key};`, kind: "drop-statistics", object: key, destructive: false }));
  }
  for (const key of sortedKeys(to)) {
    const want = to[key]!;
    const have = from[key];
    const created = have?.definition !== want.definition || recreatedTables.has(want.table) || readsReAdded(have);
    if (created) out.push(phased(Phase.createIndex, { sql: `${want.definition};`, kind: "create-statistics", object: key, destructive: false }));
    if ((created ? null : have!.target) !== want.target) {
      const sql = `ALTER STATISTICS ${key} SET STATISTICS ${want.target ?? "-1"};`;
      out.push(phased(Phase.createIndex, { sql, kind: "alter-statistics", object: key, destructive: false }));
    }
  }
  return out;
}
