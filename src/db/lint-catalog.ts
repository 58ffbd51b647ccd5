/**
 * What `retort lint` reads from a database for context: the server's version, and for every user
 * table its size estimate, columns, indexes and CHECK constraints: one transaction, its queries
 * pipelined. Names are printed with `search_path = pg_catalog`, so user types come back
 * schema-qualified as the lint's own type names are.
 *
 * The lint of an upgrade asks only for the tables its statements name (`relnames`): what it reads
 * then grows with the revisions to run, not with the database (300 tables, one revision's, on a
 * new backend: 21.6 ms for every table, 8.6 for the named ones once the sizes are read). Beside
 * the run's statements it reads on another connection, where the run's uncommitted changes do not
 * show, except the size estimates: ANALYZE and CREATE INDEX write `reltuples` and `relpages` in
 * place, for every session to see at once. So every table's size is read first (readTableSizes,
 * 6.3 ms there), before the statements, and the named tables' other facts once they are parsed.
 */
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import type { Sql } from "./connect.ts";

/** A table as the catalog describes it. */
export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  /** `reltuples`: -1 when never analysed. */
  readonly rows: number;
  readonly pages: number;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly notNull: boolean }[];
  /** Each valid, non-partial index's columns in order (an expression column is ""). */
  readonly indexes: readonly (readonly string[])[];
  /** `pg_get_constraintdef` of each validated single-column CHECK constraint. */
  readonly checks: readonly { readonly column: string; readonly definition: string }[];
}

export interface LintCatalogRows {
  /** Undefined when not known: a new embedded database's, when its engine's files do not say (engineVersionNum). */
  readonly serverVersionNum: number | undefined;
  readonly tables: readonly CatalogTable[];
}

/** The tables (plain and partitioned) of every schema but the system's. */
const USER_TABLES = `from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;

// An index's columns are looked up one by one by number (an expression's is ''): a join of its
// keys to all the table's columns hashed them per index (300 tables: 7.9 against 6.1 ms).
const TABLES = `
select n.nspname as schema, c.relname as name, c.reltuples::float8 as rows, c.relpages::int as pages,
  coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull) order by a.attnum)
    from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
  coalesce((select json_agg((select coalesce(json_agg(coalesce((select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum = k.attnum), '') order by k.ord), '[]')
      from unnest(i.indkey) with ordinality k(attnum, ord)))
    from pg_index i where i.indrelid = c.oid and i.indisvalid and i.indpred is null), '[]') as indexes,
  coalesce((select json_agg(json_build_object('column', a.attname, 'definition', pg_get_constraintdef(k.oid)))
    from pg_constraint k join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
    where k.conrelid = c.oid and k.contype = 'c' and k.convalidated and cardinality(k.conkey) = 1), '[]') as checks
${USER_TABLES}`;

/** Every table's size estimate, by `schemaAndName`. */
export type TableSizes = ReadonlyMap<string, { readonly rows: number; readonly pages: number }>;

/** The key of a table in TableSizes. */
function schemaAndName(schema: string, name: string): string {
  return `${schema}\0${name}`;
}

const SIZES = `
select n.nspname as schema, c.relname as name, c.reltuples::float8 as rows, c.relpages::int as pages
${USER_TABLES}`;

/** Every table's size estimate as it is now: one scan of pg_class, without the per-table look-ups of the rest. */
export async function readTableSizes(sql: Sql): Promise<TableSizes> {
  const rows = await sql.unsafe<{ schema: string; name: string; rows: number; pages: number }[]>(SIZES);
  return new Map(rows.map((r) => [schemaAndName(r.schema, r.name), { rows: Number(r.rows), pages: Number(r.pages) }]));
}

/** The tables named `relnames` (in any schema), or every table; as literals, which cost no round trip to describe. */
function tablesQuery(relnames: readonly string[] | undefined): string {
  if (relnames === undefined) return TABLES;
  return `${TABLES}\n  and c.relname = any (array[${relnames.map((name) => lit(name)).join(", ")}]::name[])`;
}

/**
 * Reads the catalog in one transaction (so the search path applies only here): every table, or
 * with `relnames` only those of these names, in whatever schema. Then a table absent from the rows
 * does not exist only if its name is among `relnames`. A table in `sizes` (read earlier) has the
 * size found there.
 */
export async function readLintCatalog(sql: Sql, relnames?: readonly string[], sizes?: TableSizes): Promise<LintCatalogRows> {
  return sql.begin(async (tx) => {
    // Sent together, not awaited one by one: the three travel in one round trip, and the
    // server runs them in order (the SET first).
    const [, [version], rows] = await Promise.all([
      tx.unsafe("set local search_path = pg_catalog"),
      tx.unsafe<{ v: number }[]>("select current_setting('server_version_num')::int as v"),
      tx.unsafe<{ schema: string; name: string; rows: number; pages: number; columns: unknown; indexes: unknown; checks: unknown }[]>(tablesQuery(relnames)),
    ]);
    const json = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
    return {
      serverVersionNum: version!.v,
      tables: rows.map((r) => ({
        schema: r.schema,
        name: r.name,
        ...(sizes?.get(schemaAndName(r.schema, r.name)) ?? { rows: Number(r.rows), pages: Number(r.pages) }),
        columns: json(r.columns),
        indexes: json(r.indexes),
        checks: json(r.checks),
      })),
    };
  });
}
