/**
 * The pure schema diff: two schema models in, ordered DDL out. Applying the steps to a database
 * whose schema is `from` should leave one that introspects equal to `to`.
 *
 * Covered: schemas, extensions, collations, enums, range types, domains, composite types (each
 * recreated beside the old one, its columns converted, when it cannot change in place while in
 * use; see composites.ts and convert-columns.ts), standalone and OWNED BY
 * sequences, functions, procedures and aggregates, tables (columns with type, collation, default,
 * NOT NULL, identity and generated expression, storage, compression and statistics target;
 * constraints; indexes; partitioned tables, partitions and
 * INHERITS, on create and of existing tables (see inheritance.ts); partitions attached, detached
 * and moved; tables rebuilt to change their partitioning, or to inherit columns they hold as
 * their own, rows and all (see rebuild.ts); UNLOGGED, storage options and REPLICA IDENTITY),
 * views and materialized views (rebuilt around
 * changes to the columns they read, including columns converted onto a type recreated under
 * their type's name; see converted-columns.ts), triggers, row-level security and policies, rules,
 * statistics objects, event triggers, comments and privileges (columns of tables and views and up;
 * see privileges.ts), and default privileges.
 * What is not covered, including what the model does not read (`SchemaModel.notModelled`), is
 * reported by `unsupportedDifferences` rather than left out silently.
 *
 * TODO, in rough order of need:
 * - an owner revoking its own privileges, and what `notModelled` lists;
 * - a domain over a composite type reordered while in use, and a generated column on a recreated
 *   enum, range or composite type (refused);
 * - a recreated collation that an index, constraint or view names (COLLATE) on a column that
 *   does not use it (table columns, domains and composite types are rebuilt on it, and what reads
 *   those columns around them; see converted-columns.ts), and format_type's quoting of type
 *   names that are keywords;
 * - columns and constraints inherited from a parent (`local = false`) that differ on a child;
 * - an unchanged generated column that reads a column whose type changes (PostgreSQL refuses);
 * - an unchanged foreign key that depends on a primary key or unique constraint being recreated;
 * - column order: added and re-added columns go last, and the diff matches columns by name;
 * - column defaults, constraints and policies that call a function dropped and created again.
 */
import { NO_BOOKKEEPING, withoutBookkeeping, type BookkeepingTables } from "./bookkeeping.ts";
import { type SchemaModel, type SequenceDef, qualifiedName, quoteIdent } from "./model.ts";
import { inDependencyOrder, typesAfterFunctions } from "./code-order.ts";
import { diffCollations, recreatedCollations } from "./collations.ts";
import { columnsConvertedUnderTheirType, typeKeysChangedUnderTheirName } from "./converted-columns.ts";
import { diffEnums } from "./enums.ts";
import { diffExtensions, diffSchemaList } from "./namespaces.ts";
import { diffSequences } from "./sequences.ts";
import { type DiffStep, orderSteps } from "./step.ts";
import { diffTables, reAddedColumns } from "./tables.ts";
import { droppedWithRebuilt, rebuildSteps, rebuiltTables, tablesBeforeRebuild } from "./rebuild.ts";
import { enumTypeNames } from "./type-cast.ts";
import { createdObjects, diffComments } from "./comments.ts";
import { diffPrivileges } from "./privileges.ts";
import { diffDefaultPrivileges } from "./default-privileges.ts";
import { diffEventTriggers } from "./event-triggers.ts";
import { diffFunctions, functionsAroundColumnChanges, recreatedFunctions } from "./functions.ts";
import { diffPolicies } from "./policies.ts";
import { diffRangeTypes, functionsHandledWithRanges } from "./ranges.ts";
import { diffRules } from "./rules.ts";
import { diffStatistics } from "./statistics.ts";
import { diffTriggers } from "./triggers.ts";
import { diffDomainsAndComposites } from "./types.ts";
import { columnsThatChange, diffViews, droppedViews, tablesWithColumnChanges } from "./views.ts";

export type { DiffStep } from "./step.ts";
export { unsupportedDifferences, type UnsupportedDifference } from "./unsupported.ts";
export { NO_BOOKKEEPING, type BookkeepingTables } from "./bookkeeping.ts";

/** The qualified names of the identity sequences of `tables`' columns. */
function identitySequences(tables: SchemaModel["tables"]): Set<string> {
  return new Set(Object.values(tables).flatMap((t) => t.columns.flatMap((c) => (c.identity ? [c.identity.sequence] : []))));
}

/**
 * Ordered DDL steps that turn a database with schema `from` into one with schema `to`, leaving
 * the `bookkeeping` tables (the configured version table and the history table) alone.
 */
export function diffSchemas(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables = NO_BOOKKEEPING): DiffStep[] {
  const kept = withoutBookkeeping(from, bookkeeping);
  const b = withoutBookkeeping(to, bookkeeping);
  // Tables rebuilt to change their partitioning are, to the rest of the diff, new (see rebuild.ts).
  const rebuilt = rebuiltTables(kept.tables, b.tables);
  const replaced = new Set([...rebuilt, ...droppedWithRebuilt(kept.tables, b.tables, rebuilt)]);
  const a = { ...kept, tables: tablesBeforeRebuild(kept.tables, replaced) };
  // PostgreSQL drops an OWNED BY sequence with its column or table, so an explicit drop would fail.
  const dropsWithOwner = (s: SequenceDef): boolean => {
    if (!s.ownedBy) return false;
    if (replaced.has(s.ownedBy.table)) return true;
    const table = b.tables[s.ownedBy.table];
    const column = table?.columns.find((c) => c.name === s.ownedBy!.column);
    return !column;
  };
  // Columns that keep their type's name while the type is recreated under it are converted too.
  const converted = columnsConvertedUnderTheirType(from, to, a.tables, b.tables);
  // Dropped and added again (a generated column's expression changes): what names them goes and comes back.
  const reAdded = reAddedColumns(a.tables, b.tables);
  const movedTypes = typeKeysChangedUnderTheirName(from, to, { from: a.tables, to: b.tables });
  const convertedNames = [...converted].flatMap(([table, names]) => [...names].map((n) => `${table}.${quoteIdent(n)}`));
  const tablesRebuilt = new Set([...tablesWithColumnChanges(a.tables, b.tables), ...replaced, ...converted.keys()]);
  const droppedFunctions = new Set([
    ...recreatedFunctions(from.functions, to.functions),
    ...functionsAroundColumnChanges(from.functions, to.functions, tablesRebuilt, movedTypes),
    ...Object.keys(from.functions).filter((k) => !to.functions[k]),
  ]);
  const recreated = new Set([...droppedFunctions].filter((k) => to.functions[k]).map((key) => qualifiedName(to.functions[key]!.schema, to.functions[key]!.name)));
  const viewsDropped = droppedViews(from, to, new Set([...columnsThatChange(a.tables, b.tables), ...convertedNames]), droppedFunctions, replaced);
  const steps = [
    ...diffSchemaList(a.schemas, b.schemas),
    ...diffDefaultPrivileges(from, to),
    ...diffExtensions(from.extensions, to.extensions),
    ...diffCollations(from, to, a.tables, b.tables),
    ...diffEnums(from.enums, to.enums, a.tables, b.tables),
    ...diffRangeTypes(from, to, { from: a.tables, to: b.tables }),
    ...diffDomainsAndComposites(from, to, { from: a.tables, to: b.tables }, recreatedCollations(from, to)),
    ...diffSequences(a.sequences, b.sequences, dropsWithOwner, identitySequences(b.tables)),
    ...diffFunctions(from, to, tablesRebuilt, typesAfterFunctions(to), functionsHandledWithRanges(from, to), movedTypes),
    // Before the drops of diffTables: a rebuilt partition goes before its dropped parent would take it along.
    ...rebuildSteps(kept.tables, b.tables, rebuilt, enumTypeNames(from, to)),
    ...diffTables(a.tables, b.tables, enumTypeNames(from, to), replaced, converted, reAdded),
    // Before the views: a rule on a view that is dropped has to go first.
    ...diffRules(from, to, tablesRebuilt, viewsDropped),
    ...diffViews(from, to, viewsDropped),
    ...diffTriggers(a.tables, b.tables, recreated, tablesRebuilt),
    ...diffTriggers(from.views, to.views, recreated, new Set(), viewsDropped),
    ...diffEventTriggers(from, to, droppedFunctions),
    ...diffPolicies(a.tables, b.tables, tablesRebuilt),
    // A rebuilt table takes its statistics objects with it; they are created again.
    ...diffStatistics(from.statistics, to.statistics, new Set([...Object.keys(a.tables).filter((k) => !b.tables[k]), ...replaced]), replaced, reAdded),
  ];
  const fromModel = { ...from, ...a };
  const toModel = { ...to, ...b };
  const created = createdObjects(steps);
  steps.push(...diffComments(fromModel, toModel, created), ...diffPrivileges(fromModel, toModel, created));
  return orderSteps(inDependencyOrder(steps, fromModel, toModel));
}
