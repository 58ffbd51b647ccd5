/**
 * Diff of extended statistics objects (CREATE STATISTICS). A changed definition is dropped and
 * created again; the target alone is set with ALTER STATISTICS. They are dropped with the indexes,
 * before the columns they read can go, and created once the table's columns are in place.
 */
import { type QualifiedName, type StatisticsDef } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type AllStatistics = Readonly<Record<QualifiedName, StatisticsDef>>;

/**
 * Steps that turn the statistics objects of `from` into those of `to`; `droppedTables` are the
 * tables that go, taking their statistics with them, and `recreatedTables` those of them created
 * again (rebuilt, see rebuild.ts), whose statistics are created again too.
 */
export function diffStatistics(from: AllStatistics, to: AllStatistics, droppedTables: ReadonlySet<QualifiedName>, recreatedTables: ReadonlySet<QualifiedName> = new Set()): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(from)) {
    const have = from[key]!;
    const want = to[key];
    if (want?.definition === have.definition || droppedTables.has(have.table)) continue;
    out.push(phased(Phase.dropIndex, { sql: `DROP STATISTICS ${key};`, kind: "drop-statistics", object: key, destructive: false }));
  }
  for (const key of sortedKeys(to)) {
    const want = to[key]!;
    const have = from[key];
    const created = have?.definition !== want.definition || recreatedTables.has(want.table);
    if (created) out.push(phased(Phase.createIndex, { sql: `${want.definition};`, kind: "create-statistics", object: key, destructive: false }));
    if ((created ? null : have!.target) !== want.target) {
      const sql = `ALTER STATISTICS ${key} SET STATISTICS ${want.target ?? "-1"};`;
      out.push(phased(Phase.createIndex, { sql, kind: "alter-statistics", object: key, destructive: false }));
    }
  }
  return out;
}
