/**
 * Equality of two values built from JSON (catalog rows, models assembled from them): what
 * `JSON.stringify(a) === JSON.stringify(b)` answers, without writing either out, stopping at the
 * first difference and whatever order the keys were set in. A key whose value is undefined counts
 * as absent, as it does in JSON.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && sameItems(a, b);
  if (Array.isArray(b)) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let defined = 0;
  for (const key in a) {
    const value = a[key];
    if (value === undefined) continue;
    defined++;
    if (!sameJson(value, b[key])) return false;
  }
  for (const key in b) if (b[key] !== undefined) defined--;
  return defined === 0;
}
