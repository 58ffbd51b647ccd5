/**
 * Reads a database's schema into a `SchemaModel` with a fixed number of catalog queries, however
 * many objects there are: one query per object kind, sent together, assembled in TypeScript.
 */
import type { Sql, TransactionSql } from "./connect.ts";
import { type CollationDef, type CompositeTypeDef, type DefaultPrivilegesDef, defaultPrivilegesKey, type DomainDef, type EventTriggerDef, type EnumDef, type ExtensionDef, type NotModelledDef, type RangeTypeDef, type RuleDef, type SchemaDef, type StatisticsDef, type SchemaModel, notModelledKey, quoteIdent } from "../core/diff/model.ts";
import { assembleFunctions, assembleTables, assembleViews, keyBy, keyByQualified, splitSequences } from "./introspect-assemble.ts";
import * as code from "./introspect-queries-code.ts";
import * as q from "./introspect-queries.ts";
import { defaultPrivilegesQuery } from "./introspect-queries-default-privileges.ts";
import { notModelledQuery } from "./introspect-queries-outside.ts";
import type { ColumnRow, ConstraintRow, FunctionRow, IndexRow, PolicyRow, SequenceRow, TableRow, TriggerRow, ViewRow } from "./introspect-rows.ts";

/**
 * Reads the schema in its own read-only repeatable-read transaction, so all queries see one
 * snapshot even while migrations run elsewhere.
 */
export async function introspect(sql: Sql): Promise<SchemaModel> {
  return sql.begin("isolation level repeatable read read only", (tx) => readSchemaModel(tx)) as Promise<SchemaModel>;
}

/** Reads the schema inside the caller's transaction, leaving its search_path as it was. */
export async function readSchemaModel(tx: TransactionSql): Promise<SchemaModel> {
  // postgres.js sends a query when it is first awaited, and pipelines what is sent together: the
  // search_path (and jit) is set before the reads, and all of them cost one round trip's latency, not sixteen.
  const previous = tx.unsafe<{ path: string; jit: string }[]>(q.currentSettings).then((r) => r[0] ?? { path: "", jit: "on" });
  const setSettings = tx.unsafe(q.setReadSettings).then(() => undefined);
  const [settings, , schemas, extensions, collations, enums, domains, composites, ranges, sequences, tables, columns, constraints, indexes, views, functions, triggers, policies, rules, statistics, eventTriggers, defaultPrivileges, notModelled] =
    await Promise.all([
      previous,
      setSettings,
      rows<SchemaDef>(tx, q.schemasQuery),
      rows<ExtensionDef>(tx, q.extensionsQuery),
      rows<CollationDef>(tx, q.collationsQuery),
      rows<EnumDef>(tx, q.enumsQuery),
      rows<DomainDef>(tx, q.domainsQuery),
      rows<CompositeTypeDef>(tx, q.compositeTypesQuery),
      rows<RangeTypeDef>(tx, q.rangeTypesQuery),
      rows<SequenceRow>(tx, q.sequencesQuery),
      rows<TableRow>(tx, q.tablesQuery),
      rows<ColumnRow>(tx, q.columnsQuery),
      rows<ConstraintRow>(tx, q.constraintsQuery),
      rows<IndexRow>(tx, q.indexesQuery),
      rows<ViewRow>(tx, code.viewsQuery),
      rows<FunctionRow>(tx, code.functionsQuery),
      rows<TriggerRow>(tx, code.triggersQuery),
      rows<PolicyRow>(tx, code.policiesQuery),
      rows<RuleDef>(tx, code.rulesQuery),
      rows<StatisticsDef>(tx, q.statisticsQuery),
      rows<EventTriggerDef>(tx, code.eventTriggersQuery),
      rows<DefaultPrivilegesDef>(tx, defaultPrivilegesQuery),
      rows<NotModelledDef>(tx, notModelledQuery),
    ]);
  await tx.unsafe(q.restoreSettings, [settings.path, settings.jit]);
  const { identities, standalone } = splitSequences(sequences);
  return {
    schemas: keyBy(schemas, (s) => s.name),
    extensions: keyBy(extensions, (e) => e.name),
    collations: keyByQualified(collations),
    enums: keyByQualified(enums),
    domains: keyByQualified(domains),
    compositeTypes: keyByQualified(composites),
    rangeTypes: keyByQualified(ranges),
    sequences: keyByQualified(standalone),
    tables: keyByQualified(assembleTables({ tables, columns, constraints, indexes, triggers, policies }, identities)),
    views: keyByQualified(assembleViews(views.filter((v) => v.kind === "v"), [], triggers)),
    materializedViews: keyByQualified(assembleViews(views.filter((v) => v.kind === "m"), indexes, [])),
    rules: keyBy(rules, (r) => `${r.relation}.${quoteIdent(r.name)}`),
    statistics: keyByQualified(statistics),
    functions: assembleFunctions(functions),
    eventTriggers: keyBy(eventTriggers, (t) => quoteIdent(t.name)),
    defaultPrivileges: keyBy(defaultPrivileges, defaultPrivilegesKey),
    notModelled: keyBy(notModelled, notModelledKey),
  };
}

/** Runs one `jsonRows` query and returns its array. */
async function rows<T>(tx: TransactionSql, text: string): Promise<T[]> {
  const result = await tx.unsafe<{ rows: T[] }[]>(text);
  return result[0]?.rows ?? [];
}
