/** Quoting names and values for SQL text that retort writes itself. */

/** Double-quotes an identifier the way PostgreSQL reads it back. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal as PostgreSQL reads it (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
