/**
 * Where a database another tool manages stands in that tool's migrations: the applied versions
 * must be exactly the first ones of the files' order, so that one stamp at the last of them says
 * what the database holds.
 */
import { ForeignHistoryMismatchError } from "./errors-import.ts";

/**
 * How many migrations of `order` (the files' versions, in the tool's order) the database has
 * applied, given the versions its table records as applied; refuses any other shape.
 */
export function appliedPrefixLength(tool: string, order: readonly string[], applied: readonly string[]): number {
  const done = new Set(applied);
  const known = new Set(order);
  const unknown = [...done].filter((v) => !known.has(v));
  const last = order.findLastIndex((v) => done.has(v));
  const skipped = order.slice(0, last + 1).filter((v) => !done.has(v));
  if (unknown.length > 0 || skipped.length > 0) throw new ForeignHistoryMismatchError(tool, unknown, skipped);
  return last + 1;
}
