/** Quoting names and values for SQL text that retort writes itself. */

/** Double-quotes an identifier the way PostgreSQL reads it back. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal as PostgreSQL reads it (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A one-dimensional array value's text (for `quoteLiteral(...)::type[]`): every element quoted,
 * `undefined` as NULL.
 */
export function arrayLiteral(values: readonly (string | undefined)[]): string {
  const element = (v: string | undefined): string => (v === undefined ? "NULL" : `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`);
  return `{${values.map(element).join(",")}}`;
}
