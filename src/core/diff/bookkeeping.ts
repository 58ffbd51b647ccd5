/** retort's and Alembic's bookkeeping tables, which are never part of a diff. */
import type { SchemaModel, SequenceDef, TableDef } from "./model.ts";

/** Table names, in whatever schema they live. */
export const BOOKKEEPING_TABLES: readonly string[] = Object.freeze(["alembic_version", "retort_history"]);

/** The tables and sequences of `model` without the bookkeeping tables and the sequences they own. */
export function withoutBookkeeping(model: SchemaModel): Pick<SchemaModel, "tables" | "sequences"> {
  const skipped = new Set<string>();
  const tables: Record<string, TableDef> = {};
  for (const [key, t] of Object.entries(model.tables)) {
    if (BOOKKEEPING_TABLES.includes(t.name)) skipped.add(key);
    else tables[key] = t;
  }
  const sequences: Record<string, SequenceDef> = {};
  for (const [key, s] of Object.entries(model.sequences)) if (!s.ownedBy || !skipped.has(s.ownedBy.table)) sequences[key] = s;
  return { tables, sequences };
}
