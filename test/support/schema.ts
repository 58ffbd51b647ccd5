/** A plain-text picture of a database's schema, for comparing two databases in tests. */
import type postgres from "postgres";

/** Tables with their columns, constraints and indexes in the public schema, one line each, sorted. */
export async function describeSchema(sql: postgres.Sql): Promise<string[]> {
  const columns = await sql<{ line: string }[]>`
    select format('column %s.%s %s %s default %s', table_name, column_name, data_type, is_nullable, coalesce(column_default, '-')) as line
      from information_schema.columns where table_schema = 'public'`;
  const constraints = await sql<{ line: string }[]>`
    select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as line
      from pg_constraint where connamespace = 'public'::regnamespace`;
  const indexes = await sql<{ line: string }[]>`
    select format('index %s', indexdef) as line from pg_indexes where schemaname = 'public'`;
  const types = await sql<{ line: string }[]>`
    select format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder)) as line
      from pg_type t join pg_enum e on e.enumtypid = t.oid where t.typnamespace = 'public'::regnamespace group by t.typname`;
  return [...columns, ...constraints, ...indexes, ...types].map((r) => r.line).sort();
}
