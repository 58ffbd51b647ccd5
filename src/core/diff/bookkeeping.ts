/**
 * The tables retort keeps its records in (the version table and the history table next to it),
 * which are never part of a diff. Their names come from the project's configuration
 * (`version_table`, `version_table_schema`): a diff that knew only the default names would
 * offer to drop a renamed version table.
 */
import type { SchemaDef, SchemaModel, SequenceDef, TableDef } from "./model.ts";

/** Where the bookkeeping tables are: their names, and their schema when one is configured. */
export interface BookkeepingTables {
  /** Undefined: created unqualified, so in whatever schema the search path gave; matched in any schema. */
  readonly schema: string | undefined;
  readonly names: readonly string[];
}

/** No bookkeeping tables: every table takes part in the diff. */
export const NO_BOOKKEEPING: BookkeepingTables = Object.freeze({ schema: undefined, names: Object.freeze([]) });

function isBookkeeping(t: TableDef, bookkeeping: BookkeepingTables): boolean {
  return bookkeeping.names.includes(t.name) && (bookkeeping.schema === undefined || bookkeeping.schema === t.schema);
}

/**
 * The schemas, tables and sequences of `model` without the bookkeeping tables, the sequences they
 * own, and their configured schema (retort creates it whenever it is missing, so it is never the
 * diff's to create or drop).
 */
export function withoutBookkeeping(model: SchemaModel, bookkeeping: BookkeepingTables): Pick<SchemaModel, "schemas" | "tables" | "sequences"> {
  const schemas: Record<string, SchemaDef> = {};
  for (const [key, s] of Object.entries(model.schemas)) if (key !== bookkeeping.schema) schemas[key] = s;
  const skipped = new Set<string>();
  const tables: Record<string, TableDef> = {};
  for (const [key, t] of Object.entries(model.tables)) {
    if (isBookkeeping(t, bookkeeping)) skipped.add(key);
    else tables[key] = t;
  }
  const sequences: Record<string, SequenceDef> = {};
  for (const [key, s] of Object.entries(model.sequences)) if (!s.ownedBy || !skipped.has(s.ownedBy.table)) sequences[key] = s;
  return { schemas, tables, sequences };
}
