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
import { sha256Hex } from "../scripts/sha256.ts";
import type { ColumnRow, ConstraintRow, FunctionRow, IndexRow, PolicyRow, SequenceRow, TableRow, TriggerRow, ViewRow } from "./introspect-rows.ts";

/** How the catalog queries are sent. */
export interface ReadOptions {
  /**
   * Keep the queries prepared in the server session (PREPARE once, then EXECUTE): a caller that
   * reads one database again and again on the same connections (the watch) has them parsed and
   * planned once, not on every read. Each read asks which of them the session holds, so a new
   * connection, a DISCARD ALL, or a pooling proxy handing over another server connection costs
   * that read its preparing and nothing else.
   */
  readonly keepPrepared?: boolean;
}

/**
 * Reads the schema in its own read-only repeatable-read transaction, so all queries see one
 * snapshot even while migrations run elsewhere.
 */
export async function introspect(sql: Sql, opts: ReadOptions = {}): Promise<SchemaModel> {
  return sql.begin("isolation level repeatable read read only", (tx) => readSchemaModel(tx, opts)) as Promise<SchemaModel>;
}

/** Reads the schema inside the caller's transaction, leaving its search_path as it was. */
export async function readSchemaModel(tx: TransactionSql, opts: ReadOptions = {}): Promise<SchemaModel> {
  // postgres.js sends a query when it is first awaited, and pipelines what is sent together: the
  // search_path (and jit) is set before the reads, and all of them cost one round trip's latency, not sixteen.
  const previous = tx.unsafe<{ path: string; jit: string }[]>(q.currentSettings).then((r) => r[0] ?? { path: "", jit: "on" });
  const setSettings = tx.unsafe(q.setReadSettings).then(() => undefined);
  const read = opts.keepPrepared ? await preparedReads(tx) : <T>(text: string) => rows<T>(tx, text);
  const [settings, , schemas, extensions, collations, enums, domains, composites, ranges, sequences, tables, columns, constraints, indexes, views, functions, triggers, policies, rules, statistics, eventTriggers, defaultPrivileges, notModelled] =
    await Promise.all([
      previous,
      setSettings,
      read<SchemaDef>(q.schemasQuery),
      read<ExtensionDef>(q.extensionsQuery),
      read<CollationDef>(q.collationsQuery),
      read<EnumDef>(q.enumsQuery),
      read<DomainDef>(q.domainsQuery),
      read<CompositeTypeDef>(q.compositeTypesQuery),
      read<RangeTypeDef>(q.rangeTypesQuery),
      read<SequenceRow>(q.sequencesQuery),
      read<TableRow>(q.tablesQuery),
      read<ColumnRow>(q.columnsQuery),
      read<ConstraintRow>(q.constraintsQuery),
      read<IndexRow>(q.indexesQuery),
      read<ViewRow>(code.viewsQuery),
      read<FunctionRow>(code.functionsQuery),
      read<TriggerRow>(code.triggersQuery),
      read<PolicyRow>(code.policiesQuery),
      read<RuleDef>(code.rulesQuery),
      read<StatisticsDef>(q.statisticsQuery),
      read<EventTriggerDef>(code.eventTriggersQuery),
      read<DefaultPrivilegesDef>(defaultPrivilegesQuery),
      read<NotModelledDef>(notModelledQuery),
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

/** A query's prepared statement: named after its text, so another version of retort never runs this one's. */
function statementName(text: string): string {
  return `retort_schema_${sha256Hex(text).slice(0, 16)}`;
}

/**
 * Reads that EXECUTE the session's prepared statements, after one round trip that asks which it
 * holds; one it lacks is prepared in the same message that executes it.
 */
async function preparedReads(tx: TransactionSql): Promise<<T>(text: string) => Promise<T[]>> {
  const held = new Set((await tx.unsafe<{ name: string }[]>(q.preparedStatementNames)).map((r) => r.name));
  return async <T>(text: string) => {
    const name = statementName(text);
    if (held.has(name)) return rows<T>(tx, `EXECUTE ${name}`);
    // Sent after setReadSettings: the names in the text are resolved as it is prepared.
    const [, executed] = await tx.unsafe<[unknown, { rows: T[] }[]]>(`PREPARE ${name} AS ${text};\nEXECUTE ${name}`);
    return executed[0]?.rows ?? [];
  };
}
